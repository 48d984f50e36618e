package org.playhead.session;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JournalAvailabilityTest {
  @Test
  void availableUntilEveryKnownNodeIsDownAndAgainWhenOneComesBack() {
    JournalAvailability cassandra = new JournalAvailability();
    assertTrue(cassandra.isAvailable(), "optimistic before the driver says anything");
    cassandra.nodeUp("node-a");
    cassandra.nodeUp("node-b");
    cassandra.nodeDown("node-a");
    assertTrue(cassandra.isAvailable(), "one node is still up");
    cassandra.nodeDown("node-b");
    assertFalse(cassandra.isAvailable());
    cassandra.nodeUp("node-b");
    assertTrue(cassandra.isAvailable());
    cassandra.nodeDown("node-b");
    cassandra.nodeRemoved("node-a");
    assertFalse(cassandra.isAvailable(), "the node left is down");
    cassandra.nodeRemoved("node-b");
    assertTrue(cassandra.isAvailable(), "no node known: optimistic again");
  }
}
