package org.playhead.license.device;

import java.util.Optional;

/**
 * This node's view of the revocation list, which {@link RevocationReplicator} keeps current: loaded
 * from Cassandra at start, reloaded whenever any node changes it (a Distributed Data counter tells
 * every node) and on a timer as a backstop. Read on every certified license and renewal: a volatile
 * read, no I/O.
 */
public final class DeviceRevocations {
  private volatile RevocationList current;

  /** Not loaded yet: certified devices are refused as unavailable until it is. */
  public DeviceRevocations() {}

  /** Already loaded (tests, tools). */
  public DeviceRevocations(RevocationList initial) {
    this.current = initial;
  }

  /** Empty until the list was loaded once. */
  public Optional<RevocationList> current() {
    return Optional.ofNullable(current);
  }

  void replace(RevocationList list) {
    this.current = list;
  }
}
