package org.playhead.chaos.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterViewTest {
  private static ClusterView.Member up(String n) {
    return new ClusterView.Member(n, "Up");
  }

  @Test
  void healthyMeansTheExpectedMembersAllUpAndReachable() {
    ClusterView three =
        new ClusterView("a", List.of(up("a"), up("b"), up("c")), List.of(), "a", "a");
    assertTrue(three.healthy(3));
    assertFalse(three.healthy(2));
    assertFalse(
        new ClusterView(
                "a", List.of(up("a"), new ClusterView.Member("b", "Joining")), List.of(), "a", "a")
            .healthy(2));
    assertFalse(
        new ClusterView(
                "a",
                List.of(up("a"), up("b")),
                List.of(new ClusterView.Unreachable("b", List.of("a"))),
                "a",
                "a")
            .healthy(2));
  }
}
