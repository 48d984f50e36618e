package org.playhead.chaos.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FaultTest {

  @Test
  void parsesEveryKindWithDefaults() {
    assertEquals(new Fault.Kill(new NodeTarget.Random()), Fault.parse("kill9"));
    assertEquals(new Fault.Kill(new NodeTarget.Oldest()), Fault.parse("kill9:oldest"));
    assertEquals(new Fault.Kill(new NodeTarget.Named("node-2")), Fault.parse("kill:node-2"));
    assertEquals(new Fault.Terminate(new NodeTarget.Random()), Fault.parse("sigterm:random"));
    assertEquals(
        new Fault.Freeze(new NodeTarget.Random(), Fault.DEFAULT_FREEZE), Fault.parse("freeze"));
    assertEquals(
        new Fault.Freeze(new NodeTarget.Named("node-3"), Duration.ofSeconds(20)),
        Fault.parse("freeze:node-3:20s"));
    assertEquals(new Fault.RestartNode(Optional.empty()), Fault.parse("restart"));
    assertEquals(new Fault.RestartNode(Optional.of("node-1")), Fault.parse("restart:node-1"));
    assertEquals(
        new Fault.RestartCassandra(Fault.DEFAULT_CASSANDRA_DOWNTIME), Fault.parse("cassandra"));
    assertEquals(
        new Fault.RestartCassandra(Duration.ofMillis(1500)), Fault.parse("cassandra:1500ms"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "kill9:random", "kill9:oldest", "kill9:node-4", "sigterm:node-1", "freeze:random:8s",
        "freeze:oldest:2m", "restart", "restart:node-2", "cassandra:5s", "cassandra:0s"
      })
  void specIsParseableBackToTheSameFault(String text) {
    Fault fault = Fault.parse(text);
    assertEquals(fault, Fault.parse(fault.spec()));
    assertEquals(text, fault.spec());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "explode",
        "kill9:node-0",
        "kill9:nodeX",
        "kill9:random:extra",
        "freeze:random:soon",
        "freeze:random:0s",
        "freeze:random:11m",
        "cassandra:-1s",
        "restart:random",
        "kill9:node"
      })
  void refusesWhatItCannotDoWithAReason(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Fault.parse(text));
    assertTrue(!e.getMessage().isBlank());
  }

  @Test
  void nodeFaultsTakeTheNodeAwayButFreezesDoNot() {
    assertTrue(Fault.parse("kill9").downsNode());
    assertTrue(Fault.parse("sigterm").downsNode());
    assertEquals(false, Fault.parse("freeze").downsNode());
    assertInstanceOf(Fault.RestartCassandra.class, Fault.parse("cassandra"));
  }
}
