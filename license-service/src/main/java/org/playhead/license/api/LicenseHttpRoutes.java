package org.playhead.license.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.util.ByteString;
import org.playhead.http.HttpEdge;
import org.playhead.http.ProblemException;
import org.playhead.license.ContentKey;
import org.playhead.license.Denial;
import org.playhead.license.KeyId;
import org.playhead.license.LicenseActor;
import org.playhead.license.TrackType;
import org.playhead.license.audit.KeyExport;
import org.playhead.license.audit.KeyExportAudit;
import org.playhead.license.device.DeviceRevocations;
import org.playhead.license.device.Revocation;
import org.playhead.license.device.RevocationList;
import org.playhead.license.device.RevocationReplicator;
import org.playhead.license.format.LicenseSigner;
import org.playhead.license.vault.KeyVault;
import org.playhead.protocol.license.v1.LicenseRequest;
import org.playhead.protocol.license.v1.LicenseResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The license API over HTTP.
 *
 * <ul>
 *   <li>{@code POST /v1/licenses/clearkey}: W3C Clear Key; CORS for any origin (browsers call it
 *       from pages on other ports); the license token as {@code Authorization: Bearer} or {@code
 *       ?token=}
 *   <li>{@code POST /v1/licenses}: Widevine/PlayReady-style, {@code playhead.license.v1}
 *       LicenseRequest in proto3 JSON ({@code application/json}) or binary ({@code
 *       application/x-protobuf}), answered in kind; renewals too
 *   <li>{@code GET /v1/licenses/verification-key}: the public JWK that verifies licenses
 *   <li>{@code POST /v1/titles/{titleId}/content-keys}: a packager's get-or-create (packager token
 *       only: raw keys go to no other role), audited before the keys leave
 *   <li>{@code POST /v1/titles/{titleId}/content-keys/import}: keys made elsewhere (packager),
 *       audited
 *   <li>{@code GET /v1/sre/titles/{titleId}/content-key-exports}: that audit (SRE token)
 *   <li>{@code POST /v1/license-vault/rewrap}: move every key to the active master key (SRE)
 *   <li>{@code GET|POST /v1/sre/devices/revocations}, {@code POST
 *       /v1/sre/devices/revocations/{fingerprint}/reinstate}: revoked device and model certificates
 *       (SRE)
 * </ul>
 *
 * Every refusal is an RFC 9457 problem with a {@code reason}; none carries a key.
 */
public final class LicenseHttpRoutes extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(LicenseHttpRoutes.class);

  public static final ContentType PROBLEM_JSON = HttpEdge.PROBLEM_JSON;
  static final ContentType PROTOBUF =
      ContentTypes.create(MediaTypes.applicationBinary("x-protobuf", false));
  private static final Pattern TITLE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  /**
   * How the node checks an operator's bearer token of one role (SRE, packager) and hands on its
   * subject; answers the refusal itself.
   */
  @FunctionalInterface
  public interface OperatorAuth {
    Route operator(Function<String, Route> inner);
  }

  /** Most exports one audit answer lists. */
  static final int MAX_AUDIT_ROWS = 500;

  private final ActorRef<LicenseActor.Command> licenses;
  private final KeyVault vault;
  private final LicenseSigner signer;
  private final OperatorAuth operators;
  private final OperatorAuth packagers;
  private final DeviceRevocations revocations;
  private final ActorRef<RevocationReplicator.Command> revocationReplicator;
  private final KeyExportAudit keyExports;
  private final Clock clock;
  private final Duration askTimeout;
  private final long maxBodyBytes;
  private final Scheduler scheduler;
  private final Materializer materializer;
  private final ObjectMapper mapper = new ObjectMapper();
  private final JsonFormat.Parser protoJsonParser = JsonFormat.parser();
  private final JsonFormat.Printer protoJsonPrinter = JsonFormat.printer();

  public LicenseHttpRoutes(
      ActorRef<LicenseActor.Command> licenses,
      KeyVault vault,
      LicenseSigner signer,
      OperatorAuth operators,
      OperatorAuth packagers,
      DeviceRevocations revocations,
      ActorRef<RevocationReplicator.Command> revocationReplicator,
      KeyExportAudit keyExports,
      Clock clock,
      Duration askTimeout,
      long maxBodyBytes,
      Scheduler scheduler,
      Materializer materializer) {
    this.licenses = licenses;
    this.vault = vault;
    this.signer = signer;
    this.operators = operators;
    this.packagers = packagers;
    this.revocations = revocations;
    this.revocationReplicator = revocationReplicator;
    this.keyExports = keyExports;
    this.clock = clock;
    this.askTimeout = askTimeout;
    this.maxBodyBytes = maxBodyBytes;
    this.scheduler = scheduler;
    this.materializer = materializer;
  }

  /**
   * Built once. Problems, CORS (browsers call Clear Key and the verification key from pages on
   * other origins) and the handling of rejections come from the node's one HTTP edge, around every
   * route of the node.
   */
  public Route routes() {
    Route clearKey = post(() -> withToken(token -> withBytes(b -> clearKey(token, b))));
    Route acquire = post(() -> withToken(token -> withBytes(b -> acquire(token, b))));
    Route verificationKey =
        get(
            () ->
                complete(
                    HttpResponse.create()
                        .withEntity(ContentTypes.APPLICATION_JSON, signer.publicJwk())));
    Route rewrap = post(() -> operators.operator(operator -> rewrap(operator)));
    return concat(
        path(PathMatchers.segment("v1").slash("licenses").slash("clearkey"), () -> clearKey),
        path(
            PathMatchers.segment("v1").slash("licenses").slash("verification-key"),
            () -> verificationKey),
        path(PathMatchers.segment("v1").slash("licenses"), () -> acquire),
        path(PathMatchers.segment("v1").slash("license-vault").slash("rewrap"), () -> rewrap),
        pathPrefix(
            PathMatchers.segment("v1").slash("titles").slash(PathMatchers.segment()),
            titleId ->
                concat(
                    path(
                        "content-keys",
                        () ->
                            post(
                                () ->
                                    packagers.operator(
                                        op -> withBytes(b -> contentKeys(op, titleId, b))))),
                    path(
                        PathMatchers.segment("content-keys").slash("import"),
                        () ->
                            post(
                                () ->
                                    packagers.operator(
                                        op -> withBytes(b -> importKeys(op, titleId, b))))))),
        path(
            PathMatchers.segment("v1")
                .slash("sre")
                .slash("titles")
                .slash(PathMatchers.segment())
                .slash("content-key-exports"),
            titleId -> get(() -> operators.operator(op -> keyExports(titleId)))),
        path(
            PathMatchers.segment("v1").slash("sre").slash("devices").slash("revocations"),
            () ->
                concat(
                    get(() -> operators.operator(op -> listRevocations())),
                    post(() -> operators.operator(op -> withBytes(b -> revoke(op, b)))))),
        path(
            PathMatchers.segment("v1")
                .slash("sre")
                .slash("devices")
                .slash("revocations")
                .slash(PathMatchers.segment())
                .slash("reinstate"),
            fingerprint ->
                post(
                    () ->
                        operators.operator(op -> withBytes(b -> reinstate(op, fingerprint, b))))));
  }

  // --- license requests --------------------------------------------------------------------------

  private Route clearKey(String token, byte[] body) {
    CompletionStage<LicenseActor.Result<byte[]>> answer =
        AskPattern.ask(
            licenses,
            replyTo -> new LicenseActor.ClearKey(token, body, replyTo),
            askTimeout,
            scheduler);
    return answered(
        answer,
        license -> HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, license));
  }

  private Route acquire(String token, byte[] body) {
    return extractRequest(
        request -> {
          String media = request.entity().getContentType().mediaType().toString();
          boolean binary =
              media.equals("application/x-protobuf") || media.equals("application/octet-stream");
          LicenseRequest parsed;
          try {
            if (binary) {
              parsed = LicenseRequest.parseFrom(body);
            } else {
              LicenseRequest.Builder builder = LicenseRequest.newBuilder();
              protoJsonParser.merge(
                  new String(body, java.nio.charset.StandardCharsets.UTF_8), builder);
              parsed = builder.build();
            }
          } catch (InvalidProtocolBufferException | RuntimeException e) {
            // Answered through the actor, so that a genuine token's malformed request is audited.
            parsed = null;
          }
          String malformed =
              parsed != null
                  ? null
                  : binary
                      ? "The body is not a playhead.license.v1.LicenseRequest."
                      : "The body is not a playhead.license.v1.LicenseRequest in proto3 JSON.";
          LicenseRequest in = parsed != null ? parsed : LicenseRequest.getDefaultInstance();
          CompletionStage<LicenseActor.Result<LicenseResponse>> answer =
              AskPattern.ask(
                  licenses,
                  replyTo -> new LicenseActor.Acquire(token, in, malformed, replyTo),
                  askTimeout,
                  scheduler);
          return answered(
              answer,
              response -> {
                if (binary) {
                  return HttpResponse.create().withEntity(PROTOBUF, response.toByteArray());
                }
                try {
                  return HttpResponse.create()
                      .withEntity(ContentTypes.APPLICATION_JSON, protoJsonPrinter.print(response));
                } catch (InvalidProtocolBufferException e) {
                  throw new IllegalStateException("Cannot print a license as JSON", e);
                }
              });
        });
  }

  private <T> Route answered(
      CompletionStage<LicenseActor.Result<T>> answer, Function<T, HttpResponse> onGranted) {
    return onComplete(
        answer,
        result -> {
          if (result.isFailure()) {
            return problem(
                LicenseProblem.of(
                    "unavailable",
                    "Temporarily unavailable",
                    503,
                    "The license service did not answer in time; retry."));
          }
          LicenseActor.Result<T> r = result.get();
          if (r instanceof LicenseActor.Granted<T> granted) {
            return complete(onGranted.apply(granted.answer()));
          }
          return refused(((LicenseActor.Refused<T>) r).denial());
        });
  }

  private Route refused(Denial denial) {
    LicenseProblem problem =
        LicenseProblem.of(
            denial.reason().code(),
            title(denial.reason()),
            denial.reason().httpStatus(),
            denial.detail());
    if (denial.reason().httpStatus() == 401) {
      String challenge =
          denial.reason() == Denial.Reason.TOKEN_MISSING
              ? "Bearer realm=\"playhead-license\""
              : "Bearer realm=\"playhead-license\", error=\"invalid_token\"";
      return respondWithHeader(
          RawHeader.create("WWW-Authenticate", challenge), () -> problem(problem));
    }
    if (denial.reason() == Denial.Reason.UNAVAILABLE) {
      return respondWithHeader(RawHeader.create("Retry-After", "1"), () -> problem(problem));
    }
    return problem(problem);
  }

  private static String title(Denial.Reason reason) {
    return switch (reason.httpStatus()) {
      case 400 -> "Malformed request";
      case 401 -> "License token not accepted";
      case 403 -> "License refused";
      case 404 -> "Unknown key id";
      default -> "Temporarily unavailable";
    };
  }

  /** The license token from {@code Authorization: Bearer}, else from {@code ?token=}. */
  private Route withToken(Function<String, Route> inner) {
    return optionalHeaderValueByName(
        "Authorization",
        header ->
            parameterOptional(
                "token",
                query -> {
                  Optional<String> bearer = header.flatMap(LicenseHttpRoutes::bearer);
                  return inner.apply(bearer.or(() -> query).orElse(null));
                }));
  }

  static Optional<String> bearer(String authorization) {
    String v = authorization.strip();
    if (v.length() > 7 && v.substring(0, 7).equalsIgnoreCase("bearer ")) {
      return Optional.of(v.substring(7).strip());
    }
    return Optional.empty();
  }

  // --- the packager's and the operator's endpoints -----------------------------------------------

  record KeyJson(String trackType, String kid, String key) {}

  record ContentKeysJson(String titleId, List<KeyJson> keys) {}

  record ImportedJson(String trackType, String kid, String outcome) {}

  record ImportJson(String titleId, List<ImportedJson> keys) {}

  private Route contentKeys(String operator, String titleId, byte[] body) {
    requireTitle(titleId);
    JsonNode json = parseObject(body);
    JsonNode types = json.get("trackTypes");
    if (types == null || !types.isArray() || types.isEmpty()) {
      throw malformed("trackTypes must be a non-empty array of AUDIO, SD, HD, UHD.");
    }
    Set<TrackType> wanted = EnumSet.noneOf(TrackType.class);
    for (JsonNode t : types) {
      wanted.add(
          TrackType.parse(t.asText())
              .orElseThrow(() -> malformed("trackTypes must name AUDIO, SD, HD or UHD.")));
    }
    // Audited before any key leaves: if the audit cannot be written, no key goes out.
    CompletionStage<List<ContentKey>> audited =
        vault
            .getOrCreate(titleId, wanted)
            .thenCompose(
                keys ->
                    keyExports
                        .record(export(titleId, operator, KeyExport.GET_OR_CREATE, keys))
                        .thenApply(done -> keys));
    return onComplete(
        audited,
        result -> {
          if (result.isFailure()) {
            return vaultFailure(result.failed().get());
          }
          log.info(
              "Content keys of {} exported to packager {}: {}",
              titleId,
              operator,
              result.get().stream().map(k -> k.trackType() + "=" + k.keyId().hex()).toList());
          List<KeyJson> keys =
              result.get().stream()
                  .map(k -> new KeyJson(k.trackType().name(), k.keyId().hex(), k.keyHex()))
                  .toList();
          return complete(json(200, new ContentKeysJson(titleId, keys)));
        });
  }

  private KeyExport export(String titleId, String packager, String action, List<ContentKey> keys) {
    return new KeyExport(
        titleId,
        clock.millis(),
        UUID.randomUUID().toString(),
        packager,
        action,
        keys.stream().map(k -> k.trackType().name()).toList(),
        keys.stream().map(k -> k.keyId().hex()).toList());
  }

  private Route importKeys(String operator, String titleId, byte[] body) {
    requireTitle(titleId);
    JsonNode keys = parseObject(body).get("keys");
    if (keys == null || !keys.isArray() || keys.isEmpty() || keys.size() > 8) {
      throw malformed("keys must be an array of 1-8 {\"trackType\",\"kid\",\"key\"} (hex).");
    }
    List<ContentKey> toImport = new ArrayList<>();
    for (JsonNode k : keys) {
      TrackType type =
          TrackType.parse(k.path("trackType").asText())
              .orElseThrow(() -> malformed("trackType must be AUDIO, SD, HD or UHD."));
      KeyId kid =
          KeyId.parseHex(k.path("kid").asText())
              .orElseThrow(() -> malformed("kid must be 32 hex characters."));
      byte[] key =
          KeyId.parseHex(k.path("key").asText())
              .map(KeyId::bytes)
              .orElseThrow(() -> malformed("key must be 32 hex characters (128 bits)."));
      toImport.add(new ContentKey(titleId, type, kid, key));
    }
    log.info(
        "{} content keys of {} imported by packager {}: {}",
        toImport.size(),
        titleId,
        operator,
        toImport.stream().map(k -> k.trackType() + "=" + k.keyId().hex()).toList());
    CompletionStage<List<KeyVault.ImportOutcome>> all =
        keyExports
            .record(export(titleId, operator, KeyExport.IMPORT, toImport))
            .thenCompose(
                recorded -> {
                  List<CompletableFuture<KeyVault.ImportOutcome>> pending =
                      toImport.stream().map(k -> vault.importKey(k).toCompletableFuture()).toList();
                  return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                      .thenApply(done -> pending.stream().map(CompletableFuture::join).toList());
                });
    return onComplete(
        all,
        result -> {
          if (result.isFailure()) {
            return vaultFailure(result.failed().get());
          }
          List<ImportedJson> out = new ArrayList<>();
          boolean conflict = false;
          for (int i = 0; i < toImport.size(); i++) {
            KeyVault.ImportOutcome o = result.get().get(i);
            conflict |= o == KeyVault.ImportOutcome.CONFLICT;
            out.add(
                new ImportedJson(
                    toImport.get(i).trackType().name(),
                    toImport.get(i).keyId().hex(),
                    o.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')));
          }
          if (conflict) {
            return problem(
                LicenseProblem.of(
                    "key-conflict",
                    "Key conflict",
                    409,
                    "The title already has another key for a track type; nothing was replaced."
                        + " Outcomes: "
                        + out.stream().map(o -> o.trackType() + "=" + o.outcome()).toList()));
          }
          return complete(json(200, new ImportJson(titleId, out)));
        });
  }

  private Route rewrap(String operator) {
    log.info("Master key re-wrap requested by operator {}", operator);
    return onComplete(
        vault.rewrap(materializer),
        result ->
            result.isFailure()
                ? vaultFailure(result.failed().get())
                : complete(json(200, result.get())));
  }

  // --- the SRE's device revocations and key-export audit ----------------------------------------

  record ExportJson(
      String exportedAt,
      long exportedAtMs,
      String packager,
      String action,
      List<String> trackTypes,
      List<String> keyIds) {}

  record ExportsJson(String titleId, List<ExportJson> exports) {}

  record RevocationJson(String fingerprint, String why, String revokedBy, long revokedAtMs) {}

  record RevocationsJson(boolean loaded, List<RevocationJson> revocations) {}

  private Route keyExports(String titleId) {
    requireTitle(titleId);
    return onComplete(
        keyExports.recent(titleId, MAX_AUDIT_ROWS),
        result -> {
          if (result.isFailure()) {
            return vaultFailure(result.failed().get());
          }
          List<ExportJson> rows =
              result.get().stream()
                  .map(
                      e ->
                          new ExportJson(
                              java.time.Instant.ofEpochMilli(e.atMs()).toString(),
                              e.atMs(),
                              e.packager(),
                              e.action(),
                              e.trackTypes(),
                              e.keyIds()))
                  .toList();
          return complete(json(200, new ExportsJson(titleId, rows)));
        });
  }

  private Route listRevocations() {
    var list = revocations.current();
    List<RevocationJson> rows =
        list.map(RevocationList::all).orElse(List.of()).stream()
            .map(r -> new RevocationJson(r.fingerprint(), r.why(), r.revokedBy(), r.revokedAtMs()))
            .toList();
    return complete(json(200, new RevocationsJson(list.isPresent(), rows)));
  }

  private Route revoke(String operator, byte[] body) {
    JsonNode json = parseObject(body);
    String fingerprint =
        Revocation.normalizeFingerprint(json.path("fingerprint").asText(null))
            .orElseThrow(
                () ->
                    malformed(
                        "fingerprint must be a certificate's SHA-256 fingerprint: 64 hex"
                            + " characters (colons allowed)."));
    String why = requireWhy(json);
    Revocation revocation = new Revocation(fingerprint, why, operator, clock.millis());
    log.info("Device certificate {} revoked by {}: {}", fingerprint, operator, why);
    return changed(
        replyTo -> new RevocationReplicator.Revoke(revocation, replyTo),
        json(200, new RevocationJson(fingerprint, why, operator, revocation.revokedAtMs())));
  }

  private Route reinstate(String operator, String fingerprintText, byte[] body) {
    String fingerprint =
        Revocation.normalizeFingerprint(fingerprintText)
            .orElseThrow(() -> malformed("The path must name a SHA-256 fingerprint (64 hex)."));
    String why = requireWhy(parseObject(body));
    if (revocations.current().flatMap(l -> l.find(fingerprint, fingerprint)).isEmpty()) {
      return problem(
          LicenseProblem.of(
              "not-revoked",
              "Not revoked",
              404,
              "No certificate with that fingerprint is revoked."));
    }
    log.info("Device certificate {} reinstated by {}: {}", fingerprint, operator, why);
    return changed(
        replyTo -> new RevocationReplicator.Reinstate(fingerprint, replyTo),
        json(200, java.util.Map.of("fingerprint", fingerprint, "reinstated", true)));
  }

  private Route changed(
      Function<ActorRef<StatusReply<Done>>, RevocationReplicator.Command> command,
      HttpResponse answer) {
    return onComplete(
        AskPattern.askWithStatus(revocationReplicator, command::apply, askTimeout, scheduler),
        result ->
            result.isFailure()
                ? problem(
                    LicenseProblem.of(
                        "unavailable",
                        "Temporarily unavailable",
                        503,
                        "The revocation list could not be changed; retry."))
                : complete(answer));
  }

  private static String requireWhy(JsonNode json) {
    String why = json.path("why").asText("").strip();
    if (why.isEmpty() || why.length() > 500) {
      throw malformed("why is required (1-500 characters): it is kept with the change.");
    }
    return why;
  }

  private Route vaultFailure(Throwable failure) {
    log.error("Key vault request failed: {}", failure.toString());
    return problem(
        LicenseProblem.of(
            "unavailable", "Temporarily unavailable", 503, "The key vault could not be reached."));
  }

  private static void requireTitle(String titleId) {
    if (!TITLE_ID.matcher(titleId).matches()) {
      throw malformed("The title id must be 1-64 of [A-Za-z0-9._:-].");
    }
  }

  // --- plumbing ----------------------------------------------------------------------------------

  /** A refusal raised while reading a request; answered as its problem. */
  static final class Rejected extends ProblemException {
    private static final long serialVersionUID = 1L;

    Rejected(LicenseProblem problem) {
      super(problem);
    }
  }

  private static Rejected malformed(String detail) {
    return new Rejected(LicenseProblem.of("malformed-request", "Malformed request", 400, detail));
  }

  private JsonNode parseObject(byte[] body) {
    try {
      JsonNode node = mapper.readTree(body);
      if (node != null && node.isObject()) {
        return node;
      }
    } catch (java.io.IOException e) {
      // answered below
    }
    throw malformed("The body must be a JSON object.");
  }

  private Route withBytes(Function<byte[], Route> inner) {
    return withSizeLimit(
        maxBodyBytes,
        () ->
            entity(
                Unmarshaller.entityToByteString(),
                (ByteString bytes) -> inner.apply(bytes.toArray())));
  }

  private HttpResponse json(int status, Object body) {
    try {
      return HttpResponse.create()
          .withStatus(status)
          .withEntity(ContentTypes.APPLICATION_JSON, mapper.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write JSON for " + body.getClass(), e);
    }
  }

  private static Route problem(LicenseProblem problem) {
    return HttpEdge.problem(problem);
  }
}
