package org.playhead.chaos.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Who the simulated players are: accounts on plans of 1, 2 and 4 streams, each filled with one
 * player per stream slot (its own profile and device) and, when full, one player more, whose starts
 * the plan refuses until a slot frees. Profiles are distinct so that a start never takes over
 * another player's stream as a same-profile hand-off would; the players per account stay within
 * every plan's device cap.
 */
final class PlayerLayout {
  private PlayerLayout() {}

  enum Transport {
    HTTP_JSON("http"),
    HTTP_CMCD("http"),
    GRPC_UNARY("grpc-unary"),
    GRPC_STREAM("grpc-stream");

    final String label;

    Transport(String label) {
      this.label = label;
    }
  }

  /**
   * @param holder one of the players that fill the account's slots (the others are contenders)
   */
  record PlayerSpec(SessionOwner owner, PlanTier plan, Transport transport, boolean holder) {}

  static List<PlanSetup.AccountPlan> accounts(SimulatorConfig config, SimulatorTuning tuning) {
    List<PlanSetup.AccountPlan> accounts = new ArrayList<>();
    for (int a = 0; a < config.accounts(); a++) {
      accounts.add(
          new PlanSetup.AccountPlan(
              tuning.accountPrefix() + "-" + a, PlanTier.of(tuning.plans(), a)));
    }
    return accounts;
  }

  static List<PlayerSpec> players(SimulatorConfig config, SimulatorTuning tuning) {
    int capacity = PlanTier.capacity(tuning.plans(), config.accounts());
    if (capacity < config.sessions()) {
      throw new IllegalArgumentException(
          config.accounts() + " accounts hold " + capacity + " streams, fewer than the sessions");
    }
    record Seat(SessionOwner owner, PlanTier plan, boolean holder) {}
    List<Seat> seats = new ArrayList<>();
    int remaining = config.sessions();
    for (PlanSetup.AccountPlan account : accounts(config, tuning)) {
      int holders = Math.min(account.plan().maxStreams(), remaining);
      remaining -= holders;
      boolean full = holders == account.plan().maxStreams();
      int players = holders + (full ? 1 : 0);
      for (int p = 1; p <= players; p++) {
        seats.add(
            new Seat(
                new SessionOwner(account.accountId(), "profile-" + p, "device-" + p),
                account.plan(),
                p <= holders));
      }
    }
    List<Transport> transports = transports(config, seats.size());
    List<PlayerSpec> specs = new ArrayList<>(seats.size());
    for (int i = 0; i < seats.size(); i++) {
      Seat seat = seats.get(i);
      specs.add(new PlayerSpec(seat.owner(), seat.plan(), transports.get(i), seat.holder()));
    }
    return specs;
  }

  /** Exactly the configured shares (rounded), shuffled with the seed so accounts mix them. */
  private static List<Transport> transports(SimulatorConfig config, int players) {
    int unary = (int) Math.round(players * config.grpcUnaryShare());
    int stream = Math.min(players - unary, (int) Math.round(players * config.grpcStreamShare()));
    int http = players - unary - stream;
    List<Transport> transports = new ArrayList<>(players);
    for (int i = 0; i < unary; i++) {
      transports.add(Transport.GRPC_UNARY);
    }
    for (int i = 0; i < stream; i++) {
      transports.add(Transport.GRPC_STREAM);
    }
    for (int i = 0; i < http; i++) {
      // Half the browsers post CMCD v2 event-mode bodies as dash.js and Shaka do, half JSON.
      transports.add(i % 2 == 0 ? Transport.HTTP_CMCD : Transport.HTTP_JSON);
    }
    Collections.shuffle(transports, new Random(config.seed()));
    return transports;
  }
}
