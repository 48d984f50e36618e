package org.playhead.steering;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Chooses caches for a client: longest-prefix match of its address gives the caches that serve it;
 * those that are silent, unhealthy, marked down, failing for players, overloaded or without the
 * title are dropped; the rest rank by tier (embedded, exchange, transit, partner), then by the most
 * specific prefix, then by weighted rendezvous hashing of the title (weight: headroom), with the
 * session's demoted caches after all others; the origin always ends the list.
 *
 * <p>Thread-safe: the current {@link HealthView} is swapped whole; {@link #decide} reads it once
 * and allocates nothing.
 */
public final class SteeringEngine {
  private volatile HealthView view;

  public SteeringEngine(HealthView view) {
    this.view = Objects.requireNonNull(view, "view");
  }

  public HealthView view() {
    return view;
  }

  /** Replaces what decisions read: a new network, new reports, or both. */
  public void update(HealthView newView) {
    this.view = Objects.requireNonNull(newView, "newView");
  }

  /**
   * Decides into {@code out}.
   *
   * @return false when {@code address} is not an IP address (nothing decided)
   */
  public boolean decide(
      CharSequence address, String titleId, Demotions demotions, long nowMs, DecisionBuffer out) {
    HealthView v = view;
    out.reset(v);
    if (!out.address.parse(address)) {
      return false;
    }
    DeliveryNetwork network = v.network();
    PrefixTable table = network.prefixes();
    int set = table.lookup(out.address);
    out.matchSet = set;
    if (set == PrefixTable.NO_MATCH) {
      out.originReason = DecisionBuffer.OriginReason.NO_CACHE_SERVES_ADDRESS;
      return true;
    }
    int max = v.policy().maxCaches();
    out.ensureCapacity(max + 1);
    long titleHash = Rendezvous.hash(titleId);
    int end = table.setEnd(set);
    out.matched = end - table.setStart(set);
    for (int e = table.setStart(set); e < end; e++) {
      if (out.count == max && !out.anyDemoted && worseThanLast(out, network, table, e)) {
        // Entries come by tier, then longest prefix: nothing further can enter the list.
        break;
      }
      int c = table.entryCache(e);
      if (v.eligibility(c, titleId, nowMs) != Eligibility.ELIGIBLE) {
        continue;
      }
      boolean demoted = demotions.isDemoted(network.ids[c], nowMs);
      double score = Rendezvous.score(titleHash, network.idHash[c], v.headroomGbps(c));
      insert(out, network, c, table.entryPrefixLength(e), score, demoted, max);
    }
    out.originReason =
        out.count == 0
            ? DecisionBuffer.OriginReason.NO_CACHE_ELIGIBLE
            : DecisionBuffer.OriginReason.FALLBACK;
    return true;
  }

  private static boolean worseThanLast(
      DecisionBuffer out, DeliveryNetwork network, PrefixTable table, int entry) {
    int lastTier = network.tier[out.cache[out.count - 1]];
    int tier = table.entryTier(entry);
    return tier > lastTier
        || (tier == lastTier && table.entryPrefixLength(entry) < out.prefixLength[out.count - 1]);
  }

  /** Bounded insertion into the ranked list: the candidates of one address are few. */
  private static void insert(
      DecisionBuffer out,
      DeliveryNetwork network,
      int c,
      int prefixLength,
      double score,
      boolean demoted,
      int max) {
    int at = out.count;
    while (at > 0
        && ranksBefore(
            network,
            c,
            prefixLength,
            score,
            demoted,
            out.cache[at - 1],
            out.prefixLength[at - 1],
            out.score[at - 1],
            out.demoted[at - 1])) {
      at--;
    }
    if (at >= max) {
      return;
    }
    int last = Math.min(out.count, max - 1);
    for (int k = last; k > at; k--) {
      out.cache[k] = out.cache[k - 1];
      out.prefixLength[k] = out.prefixLength[k - 1];
      out.score[k] = out.score[k - 1];
      out.demoted[k] = out.demoted[k - 1];
    }
    out.cache[at] = c;
    out.prefixLength[at] = prefixLength;
    out.score[at] = score;
    out.demoted[at] = demoted;
    out.anyDemoted |= demoted;
    if (out.count < max) {
      out.count++;
    }
  }

  private static boolean ranksBefore(
      DeliveryNetwork network,
      int a,
      int aLength,
      double aScore,
      boolean aDemoted,
      int b,
      int bLength,
      double bScore,
      boolean bDemoted) {
    if (aDemoted != bDemoted) {
      return !aDemoted;
    }
    int aTier = network.tier[a];
    int bTier = network.tier[b];
    if (aTier != bTier) {
      return aTier < bTier;
    }
    if (aLength != bLength) {
      return aLength > bLength;
    }
    if (aScore != bScore) {
      return aScore > bScore;
    }
    return a < b;
  }

  /** The decision in {@code out} as an answer with reasons (allocates; for the edges). */
  public static SteeringAnswer answer(DecisionBuffer out, Demotions demotions) {
    HealthView v = out.view;
    DeliveryNetwork network = v.network();
    List<SteeringAnswer.Choice> choices = new ArrayList<>(out.count + 1);
    for (int r = 0; r < out.count; r++) {
      int c = out.cache[r];
      Cache cache = network.caches().get(c);
      String reason =
          String.format(
              Locale.ROOT,
              "%s at %s, /%d match, %.0f%% headroom",
              cache.tier().fileName(),
              cache.site(),
              out.prefixLength[r],
              v.headroomPercent(c));
      if (out.demoted[r]) {
        reason =
            "demoted for this session after player-reported failures until "
                + java.time.Instant.ofEpochMilli(demotions.until(cache.id()))
                + "; "
                + reason;
      }
      choices.add(
          new SteeringAnswer.Choice(cache.id(), cache.baseUrl(), cache.tier().fileName(), reason));
    }
    String originReason =
        switch (out.originReason) {
          case FALLBACK -> "origin, the fallback";
          case NO_CACHE_SERVES_ADDRESS -> "origin: no cache serves this address";
          case NO_CACHE_ELIGIBLE ->
              "origin: none of the " + out.matched + " caches serving this address is eligible";
        };
    Origin origin = network.origin();
    choices.add(new SteeringAnswer.Choice(origin.id(), origin.baseUrl(), "origin", originReason));
    String clientNetwork =
        out.matchSet == PrefixTable.NO_MATCH ? "" : network.prefixes().longestPrefix(out.address);
    return new SteeringAnswer(network.version(), clientNetwork, choices);
  }

  /** Decides and answers in one call (allocates; for the edges). Null for a bad address. */
  public SteeringAnswer answer(
      CharSequence address, String titleId, Demotions demotions, long nowMs) {
    DecisionBuffer out = new DecisionBuffer();
    if (!decide(address, titleId, demotions, nowMs, out)) {
      return null;
    }
    return answer(out, demotions);
  }

  /**
   * Why each cache serving {@code address} was or was not chosen, for SREs. Empty for an address no
   * cache serves; null for a bad address.
   */
  public List<Candidate> explain(CharSequence address, String titleId, long nowMs) {
    HealthView v = view;
    ClientAddress parsed = new ClientAddress();
    if (!parsed.parse(address)) {
      return null;
    }
    PrefixTable table = v.network().prefixes();
    int set = table.lookup(parsed);
    List<Candidate> candidates = new ArrayList<>();
    if (set == PrefixTable.NO_MATCH) {
      return candidates;
    }
    for (int e = table.setStart(set); e < table.setEnd(set); e++) {
      int c = table.entryCache(e);
      Cache cache = v.network().caches().get(c);
      candidates.add(
          new Candidate(
              cache.id(),
              cache.tier().fileName(),
              table.entryPrefixLength(e),
              v.eligibility(c, titleId, nowMs)));
    }
    return candidates;
  }

  /** A cache that serves an address, and whether it may be chosen. */
  public record Candidate(String cacheId, String tier, int prefixLength, Eligibility eligibility) {}
}
