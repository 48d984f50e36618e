package org.playhead.license;

import com.typesafe.config.Config;
import java.time.Duration;
import org.playhead.license.policy.PolicySettings;

/**
 * The license service's settings, read once from {@code playhead.license} (secrets apart: see
 * {@link org.playhead.license.keys.LicenseSecrets}).
 *
 * @param keyspace where the vault's table lives: the journal's keyspace
 * @param cassandraConfigPath the Cassandra session to share (the persistence plugin's)
 * @param rewrapOnStart move keys still wrapped by an older master key at node start
 * @param trustedRootsFile the PEM bundle of trusted device roots, or empty (no device certified)
 * @param revocationRefresh how often a node reloads the revocation list besides on changes
 */
public record LicenseSettings(
    String tokenIssuer,
    String tokenAudience,
    Duration tokenTtl,
    Duration tokenClockSkew,
    Duration askTimeout,
    Duration sessionAskTimeout,
    int maxInFlight,
    Duration vaultCacheTtl,
    int vaultMaxCachedTitles,
    String keyspace,
    String cassandraConfigPath,
    boolean rewrapOnStart,
    int ledgerSnapshotEvery,
    String clearKeyUrl,
    String licenseUrl,
    java.util.Optional<java.nio.file.Path> trustedRootsFile,
    Duration revocationRefresh,
    PolicySettings policy) {

  public static LicenseSettings fromConfig(Config config) {
    Config c = config.getConfig("playhead.license");
    String configPath = c.getString("cassandra-config-path");
    return new LicenseSettings(
        c.getString("token.issuer"),
        c.getString("token.audience"),
        c.getDuration("token.ttl"),
        c.getDuration("token.clock-skew"),
        c.getDuration("ask-timeout"),
        c.getDuration("session-ask-timeout"),
        c.getInt("max-in-flight"),
        c.getDuration("vault.cache-ttl"),
        c.getInt("vault.max-cached-titles"),
        config.getString(configPath + ".journal.keyspace"),
        configPath,
        c.getBoolean("vault.rewrap-on-start"),
        c.getInt("ledger.snapshot-every"),
        c.getString("clear-key-url"),
        c.getString("license-url"),
        c.getString("devices.trusted-roots-file").isBlank()
            ? java.util.Optional.empty()
            : java.util.Optional.of(
                java.nio.file.Path.of(c.getString("devices.trusted-roots-file"))),
        c.getDuration("devices.revocation-refresh"),
        PolicySettings.fromConfig(config));
  }
}
