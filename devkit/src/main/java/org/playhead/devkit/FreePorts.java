package org.playhead.devkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ports for the nodes that tests and the chaos kit start on this machine.
 *
 * <p>They come from below the kernel's ephemeral range (32768-60999 on Linux), not from a bind to
 * port 0: the OS takes a port-0 bind and the local port of every outgoing connection from that same
 * range, so a port found free there and bound by a node seconds later can meanwhile be the local
 * end of one of the thousands of connections a test run opens. A node that loses its management
 * port that way stops itself (seen in CI); a restarted chaos node must get its old ports back
 * minutes later. Below the range only explicit binds compete; this JVM never hands out a port
 * twice, and each port is checked free when handed out.
 */
public final class FreePorts {
  static final int FIRST = 20_000;
  static final int LAST = 32_000;

  // A random start, so two JVMs choosing at the same time rarely walk the same ports.
  private static final AtomicInteger next =
      new AtomicInteger(ThreadLocalRandom.current().nextInt(LAST - FIRST));

  private FreePorts() {}

  /** A port free on {@code host} now, never handed out before by this JVM. */
  public static int take(String host) {
    InetAddress address = address(host);
    for (int tries = 0; tries < LAST - FIRST; tries++) {
      int port = FIRST + Math.floorMod(next.getAndIncrement(), LAST - FIRST);
      if (isFree(address, port)) {
        return port;
      }
    }
    throw new IllegalStateException("No free port on " + host + " in " + FIRST + "-" + LAST);
  }

  /** A port free on the loopback address. */
  public static int take() {
    return take("127.0.0.1");
  }

  private static boolean isFree(InetAddress address, int port) {
    try (ServerSocket probe = new ServerSocket(port, 1, address)) {
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  private static InetAddress address(String host) {
    try {
      return InetAddress.getByName(host);
    } catch (IOException e) {
      throw new UncheckedIOException("Unknown host " + host, e);
    }
  }
}
