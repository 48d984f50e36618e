package org.playhead.session.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.playhead.session.Initiator;
import org.playhead.session.security.Principal;

/**
 * The checks both care adapters share. Bad input is refused before any entity is asked: these
 * actions have no gateway at all, and would fail with a NullPointerException if they reached it.
 */
class CareActionsTest {
  private final CareActions actions = new CareActions(null, null);
  private final Principal agent = new Principal.CareAgent("agent-7");

  @Test
  void everyActionNeedsAReason() {
    for (String why : new String[] {"", "   ", null}) {
      Problem problem =
          assertThrows(
                  RequestRejectedException.class,
                  () -> actions.terminate(agent, "s-1", why, List.of()))
              .problem();
      assertEquals(400, problem.status());
      assertEquals(List.of("why"), fields(problem));
    }
    assertThrows(
        RequestRejectedException.class, () -> actions.signOut(agent, "acc-1", "", List.of()));
    assertThrows(
        RequestRejectedException.class,
        () -> actions.changePlan(agent, "acc-1", "premium", "", List.of()));
    assertThrows(
        RequestRejectedException.class,
        () -> actions.registerDevice(agent, "acc-1", "tv", "tv", "", List.of()));
    assertThrows(
        RequestRejectedException.class,
        () -> actions.removeDevice(agent, "acc-1", "tv", "", List.of()));
  }

  @Test
  void aReasonIsStrippedAndBounded() {
    List<Problem.FieldError> errors = new java.util.ArrayList<>();
    assertEquals("customer asked", CareActions.why("  customer asked \n", errors));
    assertEquals(List.of(), errors);
    CareActions.why("x".repeat(CareActions.MAX_WHY), errors);
    assertEquals(List.of(), errors);
    CareActions.why("x".repeat(CareActions.MAX_WHY + 1), errors);
    assertEquals(1, errors.size());
  }

  @Test
  void everyBadFieldIsListedAtOnceWithThoseTheAdapterFound() {
    Problem problem =
        assertThrows(
                RequestRejectedException.class,
                () ->
                    actions.registerDevice(
                        agent,
                        "bad account",
                        "",
                        "",
                        "",
                        List.of(new Problem.FieldError("deviceType", "must be a string"))))
            .problem();
    assertEquals(List.of("deviceType", "accountId", "deviceId", "why"), fields(problem));
    Problem noPlan =
        assertThrows(
                RequestRejectedException.class,
                () -> actions.changePlan(agent, "acc-1", "", "upgrade", List.of()))
            .problem();
    assertEquals(List.of("plan"), fields(noPlan));
  }

  @Test
  void theAgentIsTheInitiator() {
    assertEquals(new Initiator(Initiator.Kind.CARE, "agent-7"), CareActions.initiator(agent));
  }

  private static List<String> fields(Problem problem) {
    return problem.errors().stream().map(Problem.FieldError::field).toList();
  }
}
