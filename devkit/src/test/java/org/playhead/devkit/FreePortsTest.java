package org.playhead.devkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {

  @Test
  void portsAreDistinctAndBelowTheEphemeralRange() {
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      int port = FreePorts.take();
      assertTrue(port >= FreePorts.FIRST && port < FreePorts.LAST, "out of range: " + port);
      assertTrue(seen.add(port), "handed out twice: " + port);
    }
    assertEquals(200, seen.size());
  }

  @Test
  void aPortBoundByAnotherSocketIsSkipped() throws Exception {
    int candidate = FreePorts.take();
    // The next port in the walk, bound by someone else before it is handed out.
    try (ServerSocket held =
        new ServerSocket(candidate + 1, 1, InetAddress.getByName("127.0.0.1"))) {
      int next = FreePorts.take();
      assertNotEquals(held.getLocalPort(), next);
      try (ServerSocket mine = new ServerSocket(next, 1, InetAddress.getByName("127.0.0.1"))) {
        assertEquals(next, mine.getLocalPort());
      }
    }
  }
}
