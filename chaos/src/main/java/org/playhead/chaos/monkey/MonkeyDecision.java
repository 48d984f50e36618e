package org.playhead.chaos.monkey;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/** What the monkey decided at one tick. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "decision")
@JsonSubTypes({
  @JsonSubTypes.Type(value = MonkeyDecision.Wait.class, name = "wait"),
  @JsonSubTypes.Type(value = MonkeyDecision.Kill.class, name = "kill"),
  @JsonSubTypes.Type(value = MonkeyDecision.Skip.class, name = "skip"),
  @JsonSubTypes.Type(value = MonkeyDecision.Abort.class, name = "abort")
})
public sealed interface MonkeyDecision {
  Instant at();

  /** Nothing to do before {@code until}. */
  record Wait(Instant at, Instant until, String why) implements MonkeyDecision {}

  /** Kill this node now (or, leashed, only log that it would have). */
  record Kill(Instant at, String node, boolean leashed) implements MonkeyDecision {}

  /** A kill was due but skipped; the next is scheduled. */
  record Skip(Instant at, String reason, Instant next) implements MonkeyDecision {}

  /** The steady state deviated: the monkey stops for good. */
  record Abort(Instant at, String reason) implements MonkeyDecision {}
}
