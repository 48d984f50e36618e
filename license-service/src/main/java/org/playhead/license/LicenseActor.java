package org.playhead.license;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.playhead.license.LicenseIssuer.Denied;
import org.playhead.license.LicenseIssuer.Issued;
import org.playhead.license.LicenseIssuer.Outcome;
import org.playhead.license.LicenseIssuer.Request;
import org.playhead.license.token.LicenseClaims;
import org.playhead.license.token.TokenCheck;
import org.playhead.protocol.license.v1.LicenseRequest;
import org.playhead.protocol.license.v1.LicenseResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The license actor: one per node, the only way a license or a renewal is issued. For every request
 * it checks the license token, asks the session (through {@link SessionLiveness}) whether it is
 * live and whose it is, takes the keys from the vault, lets {@link LicenseIssuer} decide, and
 * persists the audit event in the session's {@code LicenseLedger} before it answers: no key leaves
 * without its record. Requests run concurrently (the actor keeps no state but a count of those in
 * flight, and refuses new ones as unavailable past {@code max-in-flight}); the crypto runs on the
 * dispatcher, never on a Cassandra driver thread.
 */
public final class LicenseActor extends AbstractBehavior<LicenseActor.Command> {
  // Not the context's logger: requests complete on other threads.
  private static final Logger log = LoggerFactory.getLogger(LicenseActor.class);

  public sealed interface Command {}

  /** A W3C Clear Key license request (its raw JSON body). */
  public record ClearKey(String token, byte[] body, ActorRef<Result<byte[]>> replyTo)
      implements Command {}

  /**
   * A Widevine- or PlayReady-style license or renewal.
   *
   * @param malformed why the body could not be read as a LicenseRequest, or {@code null}
   */
  public record Acquire(
      String token,
      LicenseRequest request,
      String malformed,
      ActorRef<Result<LicenseResponse>> replyTo)
      implements Command {}

  private record Finished<T>(ActorRef<Result<T>> replyTo, Result<T> result) implements Command {}

  /** The answer: a license, or why not. */
  public sealed interface Result<T> {}

  public record Granted<T>(T answer) implements Result<T> {}

  public record Refused<T>(Denial denial) implements Result<T> {}

  public static Behavior<Command> create(
      LicenseIssuer issuer,
      DeviceCheck devices,
      SessionLiveness liveness,
      org.playhead.license.vault.KeyVault vault,
      LedgerRecorder ledger,
      int maxInFlight) {
    return Behaviors.setup(
        ctx -> new LicenseActor(ctx, issuer, devices, liveness, vault, ledger, maxInFlight));
  }

  private final LicenseIssuer issuer;
  private final DeviceCheck devices;
  private final SessionLiveness liveness;
  private final org.playhead.license.vault.KeyVault vault;
  private final LedgerRecorder ledger;
  private final int maxInFlight;
  private final Executor cpu;
  private int inFlight;

  private LicenseActor(
      ActorContext<Command> context,
      LicenseIssuer issuer,
      DeviceCheck devices,
      SessionLiveness liveness,
      org.playhead.license.vault.KeyVault vault,
      LedgerRecorder ledger,
      int maxInFlight) {
    super(context);
    this.issuer = issuer;
    this.devices = devices;
    this.liveness = liveness;
    this.vault = vault;
    this.ledger = ledger;
    this.maxInFlight = maxInFlight;
    this.cpu = context.getExecutionContext();
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(
            ClearKey.class,
            cmd ->
                start(
                    cmd.replyTo(),
                    () ->
                        handle(
                            cmd.token(),
                            LicenseFormat.CLEAR_KEY,
                            false,
                            () -> issuer.parseClearKey(cmd.body()),
                            (claims, request, device, found) ->
                                issuer.clearKey(claims, request, found))))
        .onMessage(
            Acquire.class,
            cmd ->
                start(
                    cmd.replyTo(),
                    () ->
                        handle(
                            cmd.token(),
                            cmd.request().getStyle()
                                    == org.playhead.protocol.license.v1.LicenseStyle
                                        .LICENSE_STYLE_PLAYREADY
                                ? LicenseFormat.PLAYREADY
                                : LicenseFormat.WIDEVINE,
                            LicenseIssuer.isRenewal(cmd.request()),
                            () -> {
                              if (cmd.malformed() != null) {
                                throw new LicenseIssuer.Malformed(cmd.malformed());
                              }
                              return issuer.parse(cmd.request());
                            },
                            issuer::acquire)))
        .onMessage(Finished.class, this::finished)
        .build();
  }

  private <T> Behavior<Command> start(
      ActorRef<Result<T>> replyTo, java.util.function.Supplier<CompletionStage<Result<T>>> work) {
    if (inFlight >= maxInFlight) {
      replyTo.tell(
          new Refused<>(
              Denial.of(Denial.Reason.UNAVAILABLE, "The license service is busy; retry.")));
      return this;
    }
    inFlight++;
    // Even the token check and the parsing run off the actor: it only admits and counts, so
    // licenses scale with the dispatcher's threads rather than one actor's.
    CompletionStage<Result<T>> pending =
        CompletableFuture.supplyAsync(work, cpu).thenCompose(stage -> stage);
    getContext()
        .pipeToSelf(
            pending,
            (result, failure) ->
                new Finished<>(
                    replyTo, failure == null ? result : new Refused<>(unavailable(failure))));
    return this;
  }

  @SuppressWarnings("unchecked")
  private Behavior<Command> finished(Finished<?> done) {
    inFlight--;
    ((ActorRef<Result<Object>>) (ActorRef<?>) done.replyTo()).tell((Result<Object>) done.result());
    return this;
  }

  /** Parses a request once the token is known to be genuine. */
  @FunctionalInterface
  private interface Parser {
    Request parse() throws LicenseIssuer.Malformed;
  }

  /** Decides, given what the device proved and the found keys. */
  @FunctionalInterface
  private interface Decision<T> {
    Outcome<T> decide(
        LicenseClaims claims, Request request, LicensedDevice device, Map<KeyId, ContentKey> found);
  }

  private <T> CompletionStage<Result<T>> handle(
      String token, LicenseFormat format, boolean renewal, Parser parser, Decision<T> decision) {
    TokenCheck check = issuer.tokens().verify(token);
    if (check instanceof TokenCheck.Invalid invalid) {
      Denial denial = Denial.of(Denial.Reason.ofCode(invalid.reason()), invalid.detail());
      LicenseClaims claims = invalid.claims();
      if (claims == null) {
        // No trustworthy session to record it against (forged or tampered token).
        log.info("License refused: {}", denial.reason().code());
        return CompletableFuture.completedFuture(new Refused<>(denial));
      }
      return recordDenial(
          claims,
          new Denied<>(
              denial,
              new org.playhead.license.ledger.LicenseLedger.LicenseDenied(
                  format,
                  renewal,
                  denial.reason().code(),
                  denial.detail(),
                  List.of(),
                  claims.deviceId(),
                  claims.device() == null ? "" : claims.device().deviceCertificate(),
                  claims.device() == null ? "" : claims.device().modelCertificate(),
                  System.currentTimeMillis())));
    }
    LicenseClaims claims = ((TokenCheck.Valid) check).claims();
    Request request;
    try {
      request = parser.parse();
    } catch (LicenseIssuer.Malformed e) {
      return recordDenial(claims, issuer.<T>malformed(claims, format, e.getMessage()));
    }
    return liveness
        .check(claims.sessionId())
        .thenCompose(
            status -> {
              var refused = issuer.checkSession(claims, status, request);
              if (refused.isPresent()) {
                return recordDenial(claims, issuer.<T>deny(claims, request, refused.get()));
              }
              // CPU only (the chain's signatures, the in-memory revocation list), off the actor.
              DeviceCheck.Result device = devices.identify(claims, request);
              if (device.denial() != null) {
                return recordDenial(
                    claims, issuer.<T>deny(claims, request, device.denial(), device.seen()));
              }
              CompletionStage<Map<KeyId, ContentKey>> keys =
                  request.keyIds().isEmpty()
                      ? CompletableFuture.completedFuture(Map.of())
                      : vault.keysFor(claims.titleId(), request.keyIds());
              return keys.thenApplyAsync(
                      found -> decision.decide(claims, request, device.device(), found), cpu)
                  .thenCompose(outcome -> record(claims, outcome));
            })
        .exceptionallyCompose(
            failure -> {
              Denial denial = unavailable(failure);
              return recordDenial(claims, issuer.<T>deny(claims, request, denial));
            });
  }

  private <T> CompletionStage<Result<T>> record(LicenseClaims claims, Outcome<T> outcome) {
    if (outcome instanceof Issued<T> issued) {
      // Persisted first: a key never leaves without its audit record (a failure is a 503).
      return ledger
          .issued(claims.sessionId(), issued.audit())
          .thenApply(done -> (Result<T>) new Granted<>(issued.answer()));
    }
    return recordDenial(claims, (Denied<T>) outcome);
  }

  /** Denials are answered even if their record cannot be written; that is logged. */
  private <T> CompletionStage<Result<T>> recordDenial(LicenseClaims claims, Denied<T> denied) {
    Result<T> result = new Refused<>(denied.denial());
    if (denied.audit() == null) {
      return CompletableFuture.completedFuture(result);
    }
    return ledger
        .denied(claims.sessionId(), denied.audit())
        .handle(
            (done, failure) -> {
              if (failure != null) {
                log.warn(
                    "Could not record a license denial ({}) for session {}",
                    denied.denial().reason().code(),
                    claims.sessionId());
              }
              return result;
            });
  }

  private Denial unavailable(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (cause instanceof org.playhead.license.vault.VaultException) {
      // Misconfigured master keys or a corrupt row: an operator's problem, never the key's text.
      log.error("Key vault failure: {}", cause.getMessage());
    } else {
      log.warn("License request failed: {}", cause.toString());
    }
    return Denial.of(
        Denial.Reason.UNAVAILABLE, "The session or the key vault did not answer in time; retry.");
  }
}
