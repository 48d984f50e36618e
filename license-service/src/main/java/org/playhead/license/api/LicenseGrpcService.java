package org.playhead.license.api;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.grpc.GrpcServiceException;
import org.apache.pekko.grpc.javadsl.Metadata;
import org.playhead.license.LicenseActor;
import org.playhead.license.format.LicenseSigner;
import org.playhead.protocol.license.v1.GetVerificationKeyRequest;
import org.playhead.protocol.license.v1.LicenseRequest;
import org.playhead.protocol.license.v1.LicenseResponse;
import org.playhead.protocol.license.v1.LicenseServicePowerApi;
import org.playhead.protocol.license.v1.VerificationKey;

/**
 * {@code playhead.license.v1.LicenseService}: the same license actor as the HTTP API; a refusal is
 * the matching gRPC status whose description starts with the reason code.
 */
public final class LicenseGrpcService implements LicenseServicePowerApi {
  private final ActorRef<LicenseActor.Command> licenses;
  private final LicenseSigner signer;
  private final Duration askTimeout;
  private final Scheduler scheduler;

  public LicenseGrpcService(
      ActorRef<LicenseActor.Command> licenses,
      LicenseSigner signer,
      Duration askTimeout,
      Scheduler scheduler) {
    this.licenses = licenses;
    this.signer = signer;
    this.askTimeout = askTimeout;
    this.scheduler = scheduler;
  }

  @Override
  public CompletionStage<LicenseResponse> acquireLicense(LicenseRequest in, Metadata metadata) {
    String token =
        metadata.getText("authorization").flatMap(LicenseHttpRoutes::bearer).orElse(null);
    CompletionStage<LicenseActor.Result<LicenseResponse>> answer =
        AskPattern.ask(
            licenses,
            replyTo -> new LicenseActor.Acquire(token, in, null, replyTo),
            askTimeout,
            scheduler);
    return answer
        .exceptionally(
            failure ->
                new LicenseActor.Refused<>(
                    org.playhead.license.Denial.of(
                        org.playhead.license.Denial.Reason.UNAVAILABLE,
                        "The license service did not answer in time; retry.")))
        .thenCompose(
            result -> {
              if (result instanceof LicenseActor.Granted<LicenseResponse> granted) {
                return CompletableFuture.completedFuture(granted.answer());
              }
              LicenseActor.Refused<LicenseResponse> refused =
                  (LicenseActor.Refused<LicenseResponse>) result;
              return CompletableFuture.failedFuture(
                  new GrpcServiceException(refused.denial().grpcStatus()));
            });
  }

  @Override
  public CompletionStage<VerificationKey> getVerificationKey(
      GetVerificationKeyRequest in, Metadata metadata) {
    return CompletableFuture.completedFuture(
        VerificationKey.newBuilder().setJwk(signer.publicJwk()).setKeyId(signer.keyId()).build());
  }
}
