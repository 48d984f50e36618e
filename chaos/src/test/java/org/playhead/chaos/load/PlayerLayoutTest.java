package org.playhead.chaos.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PlayerLayoutTest {
  private final SimulatorTuning tuning = SimulatorTuning.defaults().withAccountPrefix("acc");

  @Test
  void fillsEveryAccountToItsPlanAndAddsOneContender() {
    SimulatorConfig config = SimulatorConfig.forSessions(500);
    List<PlayerLayout.PlayerSpec> players = PlayerLayout.players(config, tuning);

    assertEquals(500, players.stream().filter(PlayerLayout.PlayerSpec::holder).count());
    Map<String, List<PlayerLayout.PlayerSpec>> byAccount =
        players.stream().collect(Collectors.groupingBy(p -> p.owner().accountId()));
    int full = 0;
    for (List<PlayerLayout.PlayerSpec> account : byAccount.values()) {
      int streams = account.get(0).plan().maxStreams();
      long holders = account.stream().filter(PlayerLayout.PlayerSpec::holder).count();
      assertTrue(holders <= streams);
      if (holders == streams) {
        full++;
        assertEquals(streams + 1, account.size(), "a full account has one contender");
      }
      // Distinct profiles and devices: no start takes over another player's stream.
      assertEquals(
          account.size(), account.stream().map(p -> p.owner().profileId()).distinct().count());
      assertEquals(
          account.size(), account.stream().map(p -> p.owner().deviceId()).distinct().count());
      // Within every default plan's device cap (basic 3, standard 5, premium 10).
      assertTrue(account.size() <= Map.of(1, 3, 2, 5, 4, 10).get(streams));
    }
    assertEquals(players.size(), 500 + full);
  }

  @Test
  void plansCycleAndAccountIdsCarryThePrefix() {
    SimulatorConfig config = SimulatorConfig.forSessions(7);
    List<PlanSetup.AccountPlan> accounts = PlayerLayout.accounts(config, tuning);
    assertEquals(
        List.of("acc-0", "acc-1", "acc-2"),
        accounts.stream().map(PlanSetup.AccountPlan::accountId).toList());
    assertEquals(
        List.of("basic", "standard", "premium"),
        accounts.stream().map(a -> a.plan().name()).toList());
  }

  @Test
  void transportsFollowTheSharesAndTheSeed() {
    SimulatorConfig config =
        new SimulatorConfig(900, 387, Duration.ofSeconds(2), 0.5, 0.25, 0.25, 0, 3);
    List<PlayerLayout.PlayerSpec> players = PlayerLayout.players(config, tuning);
    Map<String, Long> byLabel =
        players.stream()
            .collect(Collectors.groupingBy(p -> p.transport().label, Collectors.counting()));
    int n = players.size();
    assertEquals(Math.round(n * 0.5), byLabel.get("grpc-unary"));
    assertEquals(Math.round(n * 0.25), byLabel.get("grpc-stream"));
    assertEquals(n - Math.round(n * 0.5) - Math.round(n * 0.25), byLabel.get("http"));
    Set<PlayerLayout.Transport> http = new HashSet<>();
    players.stream()
        .filter(p -> p.transport().label.equals("http"))
        .forEach(p -> http.add(p.transport()));
    assertEquals(Set.of(PlayerLayout.Transport.HTTP_JSON, PlayerLayout.Transport.HTTP_CMCD), http);

    assertEquals(players, PlayerLayout.players(config, tuning), "same seed, same layout");
  }
}
