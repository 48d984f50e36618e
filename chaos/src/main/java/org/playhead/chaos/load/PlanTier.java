package org.playhead.chaos.load;

import java.util.List;

/**
 * A plan the simulator puts accounts on, by the name the nodes know it by, and the streams it
 * allows at once. Accounts cycle through {@link #DEFAULTS}: the familiar 1, 2 and 4 stream tiers of
 * the node's default configuration ({@code playhead.accounts.plans}).
 */
public record PlanTier(String name, int maxStreams) {
  public PlanTier {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a plan needs a name");
    }
    if (maxStreams < 1) {
      throw new IllegalArgumentException("plan " + name + ": maxStreams must be at least 1");
    }
  }

  public static final List<PlanTier> DEFAULTS =
      List.of(new PlanTier("basic", 1), new PlanTier("standard", 2), new PlanTier("premium", 4));

  /** The plan of the account at {@code index}: accounts cycle through the tiers. */
  public static PlanTier of(List<PlanTier> tiers, int index) {
    return tiers.get(index % tiers.size());
  }

  /** Stream slots of the first {@code accounts} accounts. */
  public static int capacity(List<PlanTier> tiers, int accounts) {
    int slots = 0;
    for (int i = 0; i < accounts; i++) {
      slots += of(tiers, i).maxStreams();
    }
    return slots;
  }

  /** The fewest accounts whose slots hold {@code sessions} sessions. */
  public static int accountsFor(List<PlanTier> tiers, int sessions) {
    int accounts = 0;
    int slots = 0;
    while (slots < sessions) {
      slots += of(tiers, accounts).maxStreams();
      accounts++;
    }
    return accounts;
  }
}
