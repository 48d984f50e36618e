package org.playhead.license;

import java.time.Clock;
import java.util.EnumSet;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;
import org.playhead.license.api.LicenseGrpcService;
import org.playhead.license.api.LicenseHttpRoutes;
import org.playhead.license.audit.CassandraKeyExportAudit;
import org.playhead.license.audit.KeyExportAudit;
import org.playhead.license.device.CassandraRevocationStore;
import org.playhead.license.device.DeviceRevocations;
import org.playhead.license.device.DeviceSecurity;
import org.playhead.license.device.DeviceTrust;
import org.playhead.license.device.RevocationReplicator;
import org.playhead.license.format.LicenseSigner;
import org.playhead.license.keys.LicenseSecrets;
import org.playhead.license.ledger.LicenseLedger;
import org.playhead.license.policy.TierRules;
import org.playhead.license.token.LicenseClaims;
import org.playhead.license.token.LicenseTokens;
import org.playhead.license.vault.CassandraVaultStore;
import org.playhead.license.vault.KeyVault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The license service on a node: the vault over the persistence plugin's Cassandra session, the
 * sharded ledgers, the license actor, and what the node's HTTP and gRPC servers and StartPlayback
 * need from it.
 */
public final class Licensing {
  private static final Logger log = LoggerFactory.getLogger(Licensing.class);

  private final ActorSystem<?> system;
  private final LicenseSettings settings;
  private final KeyVault vault;
  private final LicenseTokens tokens;
  private final LicenseSigner signer;
  private final ActorRef<LicenseActor.Command> actor;
  private final DeviceRevocations revocations;
  private final ActorRef<RevocationReplicator.Command> revocationReplicator;
  private final KeyExportAudit keyExports;
  private final Clock clock;

  private Licensing(
      ActorSystem<?> system,
      LicenseSettings settings,
      KeyVault vault,
      LicenseTokens tokens,
      LicenseSigner signer,
      ActorRef<LicenseActor.Command> actor,
      DeviceRevocations revocations,
      ActorRef<RevocationReplicator.Command> revocationReplicator,
      KeyExportAudit keyExports,
      Clock clock) {
    this.system = system;
    this.clock = clock;
    this.settings = settings;
    this.vault = vault;
    this.tokens = tokens;
    this.signer = signer;
    this.actor = actor;
    this.revocations = revocations;
    this.revocationReplicator = revocationReplicator;
    this.keyExports = keyExports;
  }

  /**
   * Starts the license service on this node.
   *
   * @param liveness how to ask a session whether it is live
   * @param outcomes told of each issue and denial once its audit is written
   * @throws IllegalStateException when a secret is missing or invalid (the node must not start)
   */
  public static Licensing start(
      ActorSystem<?> system,
      SessionLiveness liveness,
      Clock clock,
      LicenseOutcomeListener outcomes) {
    LicenseSettings settings = LicenseSettings.fromConfig(system.settings().config());
    LicenseSecrets secrets = LicenseSecrets.fromConfig(system.settings().config());
    secrets
        .devKeysFile()
        .ifPresent(file -> log.warn("Using development license keys from {}", file));
    var session = CassandraSessionRegistry.get(system).sessionFor(settings.cassandraConfigPath());
    KeyVault vault =
        new KeyVault(
            new CassandraVaultStore(session, settings.keyspace()),
            secrets.masterKeys(),
            clock,
            settings.vaultCacheTtl(),
            settings.vaultMaxCachedTitles());
    LicenseTokens tokens =
        new LicenseTokens(
            secrets.tokenKey(),
            settings.tokenIssuer(),
            settings.tokenAudience(),
            settings.tokenTtl(),
            settings.tokenClockSkew(),
            clock);
    LicenseSigner signer = new LicenseSigner(secrets.signingKey());
    LicenseIssuer issuer = new LicenseIssuer(settings.policy(), signer, tokens, clock);
    LicenseLedger.init(system, settings.ledgerSnapshotEvery());
    DeviceTrust trust =
        settings.trustedRootsFile().map(DeviceTrust::fromFile).orElse(DeviceTrust.none());
    if (trust.trustsAnyRoot()) {
      trust
          .roots()
          .forEach(
              root ->
                  log.info(
                      "Trusting device root {} (sha256 {})",
                      root.getSubjectX500Principal().getName(),
                      DeviceTrust.fingerprint(root)));
    } else {
      log.warn(
          "No trusted device roots (PLAYHEAD_DEVICE_ROOTS_FILE): every device gets software-level"
              + " keys only (audio and SD)");
    }
    Materializer materializer = Materializer.matFromSystem(system);
    DeviceRevocations revocations = new DeviceRevocations();
    ActorRef<RevocationReplicator.Command> replicator =
        system.systemActorOf(
            RevocationReplicator.create(
                new CassandraRevocationStore(session, settings.keyspace(), materializer),
                revocations,
                settings.revocationRefresh()),
            "device-revocations",
            Props.empty());
    ActorRef<LicenseActor.Command> actor =
        system.systemActorOf(
            LicenseActor.create(
                issuer,
                new DeviceCheck(trust, revocations, clock),
                liveness,
                vault,
                outcomes.listening(new ShardedLedgerRecorder(system, settings.askTimeout())),
                settings.maxInFlight()),
            "licenses",
            Props.empty());
    Licensing licensing =
        new Licensing(
            system,
            settings,
            vault,
            tokens,
            signer,
            actor,
            revocations,
            replicator,
            new CassandraKeyExportAudit(session, settings.keyspace(), materializer),
            clock);
    log.info(
        "License service ready: master key {}, license signing key {}",
        vault.keyring().activeId(),
        signer.keyId());
    if (settings.rewrapOnStart()) {
      licensing.rewrapInBackground();
    }
    return licensing;
  }

  private void rewrapInBackground() {
    vault
        .rewrap(Materializer.matFromSystem(system))
        .whenComplete(
            (report, failure) -> {
              if (failure != null) {
                log.warn("Re-wrap of content keys at start failed: {}", failure.toString());
              } else if (report.rewrapped() > 0 || report.failed() > 0) {
                log.info("Re-wrap of content keys at start: {}", report);
              }
            });
  }

  public LicenseSettings settings() {
    return settings;
  }

  public KeyVault vault() {
    return vault;
  }

  public LicenseSigner signer() {
    return signer;
  }

  /**
   * The license grant of a session that just started: a token that expires soon, for every track
   * type the session is entitled to, and the track types any device gets with it. Nothing the start
   * request says about the device counts: a device proves more with its certificate chain when it
   * asks for a license, and gets keys up to what that proves.
   */
  public LicenseGrant grant(
      String sessionId, String accountId, String deviceId, String titleId, String plan) {
    LicenseClaims claims =
        new LicenseClaims(
            sessionId,
            accountId,
            deviceId,
            titleId,
            EnumSet.allOf(TrackType.class),
            null,
            plan,
            settings.policy().allowsPersistent(plan),
            tokens.expiryFromNow());
    return new LicenseGrant(
        tokens.mint(claims),
        settings.clearKeyUrl(),
        settings.licenseUrl(),
        claims.expiresAt(),
        TierRules.allowedTracks(
            DeviceSecurity.SOFTWARE.securityLevel(), DeviceSecurity.SOFTWARE.hdcp()));
  }

  /**
   * The license HTTP API.
   *
   * @param sre checks an SRE token (vault re-wrap, device revocations, the key-export audit)
   * @param packager checks a packager token (raw content keys)
   */
  public Route routes(
      LicenseHttpRoutes.OperatorAuth sre,
      LicenseHttpRoutes.OperatorAuth packager,
      long maxBodyBytes) {
    return new LicenseHttpRoutes(
            actor,
            vault,
            signer,
            sre,
            packager,
            revocations,
            revocationReplicator,
            keyExports,
            clock,
            settings.askTimeout(),
            maxBodyBytes,
            system.scheduler(),
            Materializer.matFromSystem(system))
        .routes();
  }

  public LicenseGrpcService grpcService() {
    return new LicenseGrpcService(actor, signer, settings.askTimeout(), system.scheduler());
  }
}
