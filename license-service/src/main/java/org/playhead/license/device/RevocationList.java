package org.playhead.license.device;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The revoked certificates as one node last loaded them: immutable, looked up by fingerprint. */
public final class RevocationList {
  /** Which certificate of a chain a revocation hit. */
  public record Hit(boolean model, Revocation revocation) {}

  public static final RevocationList EMPTY = new RevocationList(List.of());

  private final Map<String, Revocation> byFingerprint;

  public RevocationList(Collection<Revocation> revocations) {
    this.byFingerprint =
        revocations.stream()
            .collect(
                Collectors.toUnmodifiableMap(
                    Revocation::fingerprint, Function.identity(), (a, b) -> a));
  }

  /** The revocation that stops this device: its model's first (it covers every device). */
  public Optional<Hit> find(String deviceFingerprint, String modelFingerprint) {
    Revocation model = byFingerprint.get(modelFingerprint);
    if (model != null) {
      return Optional.of(new Hit(true, model));
    }
    return Optional.ofNullable(byFingerprint.get(deviceFingerprint))
        .map(device -> new Hit(false, device));
  }

  public RevocationList with(Revocation revocation) {
    java.util.Map<String, Revocation> next = new java.util.HashMap<>(byFingerprint);
    next.put(revocation.fingerprint(), revocation);
    return new RevocationList(next.values());
  }

  public RevocationList without(String fingerprint) {
    java.util.Map<String, Revocation> next = new java.util.HashMap<>(byFingerprint);
    next.remove(fingerprint);
    return new RevocationList(next.values());
  }

  /** Most recent first. */
  public List<Revocation> all() {
    return byFingerprint.values().stream()
        .sorted(Comparator.comparingLong(Revocation::revokedAtMs).reversed())
        .toList();
  }

  public int size() {
    return byFingerprint.size();
  }
}
