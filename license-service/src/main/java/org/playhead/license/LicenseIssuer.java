package org.playhead.license;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.playhead.license.SessionLiveness.SessionStatus;
import org.playhead.license.format.DeviceKeyWrapper;
import org.playhead.license.format.LicenseSigner;
import org.playhead.license.ledger.LicenseLedger.LicenseDenied;
import org.playhead.license.ledger.LicenseLedger.LicenseIssued;
import org.playhead.license.policy.LicensePolicy;
import org.playhead.license.policy.PolicySettings;
import org.playhead.license.policy.TierRules;
import org.playhead.license.token.DeviceBinding;
import org.playhead.license.token.LicenseClaims;
import org.playhead.license.token.LicenseTokens;
import org.playhead.protocol.license.v1.License;
import org.playhead.protocol.license.v1.LicenseRequest;
import org.playhead.protocol.license.v1.LicenseResponse;
import org.playhead.protocol.license.v1.LicenseStyle;
import org.playhead.protocol.license.v1.LicenseType;
import org.playhead.protocol.license.v1.RequestType;
import org.playhead.protocol.license.v1.WrappedKey;

/**
 * The license decisions, as pure functions of the token's claims, the session's liveness, the
 * request and the keys the vault found: which keys go out, under which policy, or why none does.
 * Every outcome carries the audit event that must be persisted before the answer leaves. No I/O
 * here; {@link LicenseActor} does the asking.
 */
public final class LicenseIssuer {
  /** More key ids than any title has (one per track type and a few per period). */
  public static final int MAX_KEY_IDS = 32;

  /** The device certificates a request may carry: device and model (the root is configured). */
  public static final int MAX_CHAIN_CERTIFICATES = 4;

  private final PolicySettings policy;
  private final LicenseSigner signer;
  private final LicenseTokens tokens;
  private final Clock clock;
  private final ObjectMapper mapper = new ObjectMapper();

  public LicenseIssuer(
      PolicySettings policy, LicenseSigner signer, LicenseTokens tokens, Clock clock) {
    this.policy = policy;
    this.signer = signer;
    this.tokens = tokens;
    this.clock = clock;
  }

  public LicenseSigner signer() {
    return signer;
  }

  public LicenseTokens tokens() {
    return tokens;
  }

  // --- outcomes ----------------------------------------------------------------------------------

  /** What a request came to, with its audit event. */
  public sealed interface Outcome<T> {}

  public record Issued<T>(T answer, LicenseIssued audit) implements Outcome<T> {}

  /**
   * @param audit {@code null} when there is no session to record it against (a forged token)
   */
  public record Denied<T>(Denial denial, LicenseDenied audit) implements Outcome<T> {}

  /** A request that cannot be understood. */
  public static final class Malformed extends Exception {
    public Malformed(String message) {
      super(message);
    }
  }

  // --- requests ----------------------------------------------------------------------------------

  /**
   * A license request in the domain's terms, whatever format it came in. It carries no security
   * level or HDCP: those are what a device certificate proves ({@link DeviceCheck}).
   *
   * @param deviceKey the bare device key of an uncertified device, else {@code null} (Clear Key,
   *     certified devices, renewals that ask for no keys)
   * @param certificateChain DER device and model certificates, or empty
   */
  public record Request(
      LicenseFormat format,
      boolean renewal,
      boolean persistent,
      List<KeyId> keyIds,
      String deviceId,
      RSAPublicKey deviceKey,
      List<byte[]> certificateChain) {

    public Request {
      keyIds = List.copyOf(keyIds);
      certificateChain = List.copyOf(certificateChain);
    }

    List<String> keyIdsHex() {
      return keyIds.stream().map(KeyId::hex).toList();
    }
  }

  /** A W3C Clear Key request: {@code {"kids":["<base64url>"],"type":"temporary"}}. */
  public Request parseClearKey(byte[] body) throws Malformed {
    JsonNode json;
    try {
      json = mapper.readTree(body);
    } catch (IOException e) {
      throw new Malformed("The body is not JSON.");
    }
    if (json == null || !json.isObject()) {
      throw new Malformed(
          "The body must be a JSON object {\"kids\":[...],\"type\":\"temporary\"}.");
    }
    JsonNode kids = json.get("kids");
    if (kids == null || !kids.isArray() || kids.isEmpty()) {
      throw new Malformed("kids must be a non-empty array of base64url key ids.");
    }
    if (kids.size() > MAX_KEY_IDS) {
      throw new Malformed("At most " + MAX_KEY_IDS + " kids.");
    }
    Set<KeyId> ids = new LinkedHashSet<>();
    for (JsonNode kid : kids) {
      Optional<KeyId> id = kid.isTextual() ? KeyId.parseBase64Url(kid.asText()) : Optional.empty();
      if (id.isEmpty()) {
        throw new Malformed("Each kid must be 16 bytes in base64url.");
      }
      ids.add(id.get());
    }
    JsonNode type = json.get("type");
    String sessionType = type == null || type.isNull() ? "temporary" : type.asText("");
    boolean persistent;
    switch (sessionType) {
      case "temporary" -> persistent = false;
      case "persistent-license" -> persistent = true;
      default -> throw new Malformed("type must be \"temporary\" or \"persistent-license\".");
    }
    return new Request(
        LicenseFormat.CLEAR_KEY, false, persistent, List.copyOf(ids), "", null, List.of());
  }

  /** A Widevine- or PlayReady-style request. */
  public Request parse(LicenseRequest in) throws Malformed {
    LicenseFormat format =
        switch (in.getStyle()) {
          case LICENSE_STYLE_WIDEVINE -> LicenseFormat.WIDEVINE;
          case LICENSE_STYLE_PLAYREADY -> LicenseFormat.PLAYREADY;
          default -> throw new Malformed("style must be LICENSE_STYLE_WIDEVINE or _PLAYREADY.");
        };
    boolean renewal =
        switch (in.getRequestType()) {
          case REQUEST_TYPE_UNSPECIFIED, REQUEST_TYPE_NEW -> false;
          case REQUEST_TYPE_RENEWAL -> true;
          default -> throw new Malformed("request_type is unknown.");
        };
    boolean persistent =
        switch (in.getLicenseType()) {
          case LICENSE_TYPE_UNSPECIFIED, LICENSE_TYPE_STREAMING -> false;
          case LICENSE_TYPE_PERSISTENT -> true;
          default -> throw new Malformed("license_type is unknown.");
        };
    if (in.getKeyIdsCount() > MAX_KEY_IDS) {
      throw new Malformed("At most " + MAX_KEY_IDS + " key_ids.");
    }
    if (!renewal && in.getKeyIdsCount() == 0) {
      throw new Malformed("key_ids is required (16 bytes each).");
    }
    Set<KeyId> ids = new LinkedHashSet<>();
    for (ByteString kid : in.getKeyIdsList()) {
      if (kid.size() != KeyId.BYTES) {
        throw new Malformed("Each key id must be 16 bytes.");
      }
      ids.add(KeyId.of(kid.toByteArray()));
    }
    if (in.getDeviceId().isEmpty() || in.getDeviceId().length() > 64) {
      throw new Malformed("device_id is required (1-64 characters).");
    }
    // security_level and hdcp (fields 6 and 7) are not read: a request cannot raise its own tier.
    if (in.getDeviceCertificateChainCount() > MAX_CHAIN_CERTIFICATES) {
      throw new Malformed("At most " + MAX_CHAIN_CERTIFICATES + " device certificates.");
    }
    List<byte[]> chain = new ArrayList<>(in.getDeviceCertificateChainCount());
    for (ByteString der : in.getDeviceCertificateChainList()) {
      chain.add(der.toByteArray());
    }
    RSAPublicKey deviceKey = null;
    if (!in.getDevicePublicKey().isEmpty()) {
      try {
        deviceKey = DeviceKeyWrapper.parse(in.getDevicePublicKey().toByteArray());
      } catch (DeviceKeyWrapper.BadDeviceKey e) {
        throw new Malformed(e.getMessage() + ".");
      }
    } else if (chain.isEmpty() && !ids.isEmpty()) {
      throw new Malformed(
          "device_certificate_chain is required to wrap keys to (or device_public_key, for"
              + " software-level keys).");
    }
    return new Request(
        format, renewal, persistent, List.copyOf(ids), in.getDeviceId(), deviceKey, chain);
  }

  // --- decisions ---------------------------------------------------------------------------------

  /** A request refused before the session was asked (malformed, expired token). */
  public <T> Denied<T> deny(LicenseClaims claims, Request request, Denial denial) {
    return deny(claims, request, denial, claims == null ? null : claims.device());
  }

  /**
   * A request refused, naming the certificates it concerned in its audit.
   *
   * @param seen the device's certificates, when known
   */
  public <T> Denied<T> deny(
      LicenseClaims claims, Request request, Denial denial, DeviceBinding seen) {
    return new Denied<>(denial, claims == null ? null : audit(claims, request, denial, seen));
  }

  /** Refused for a malformed body, with nothing known of the request but its format. */
  public <T> Denied<T> malformed(LicenseClaims claims, LicenseFormat format, String detail) {
    Denial denial = Denial.of(Denial.Reason.MALFORMED_REQUEST, detail);
    return new Denied<>(
        denial,
        claims == null
            ? null
            : new LicenseDenied(
                format,
                false,
                denial.reason().code(),
                detail,
                List.of(),
                claims.deviceId(),
                certificate(claims.device()),
                model(claims.device()),
                clock.millis()));
  }

  /**
   * Checks what does not depend on the keys: the session is live and is the token's, the request
   * comes from the session's device, and a persistent license is allowed.
   */
  public Optional<Denial> checkSession(
      LicenseClaims claims, SessionStatus status, Request request) {
    if (!status.live()) {
      String why =
          status.exists()
              ? "The session has ended (" + status.stopReason() + "); start a new one."
              : "The session does not exist.";
      return Optional.of(Denial.of(Denial.Reason.SESSION_NOT_LIVE, why));
    }
    if (!status.accountId().equals(claims.accountId())
        || !status.deviceId().equals(claims.deviceId())
        || !status.titleId().equals(claims.titleId())) {
      return Optional.of(
          Denial.of(Denial.Reason.DEVICE_MISMATCH, "The token does not match its session."));
    }
    if (request.format() != LicenseFormat.CLEAR_KEY
        && !request.deviceId().equals(claims.deviceId())) {
      return Optional.of(
          Denial.of(
              Denial.Reason.DEVICE_MISMATCH,
              "The request comes from another device than the session's."));
    }
    if (request.persistent() && !claims.persistentAllowed()) {
      return Optional.of(
          Denial.of(
              Denial.Reason.PERSISTENCE_NOT_ALLOWED,
              "The account's plan does not allow offline (persistent) licenses."));
    }
    return Optional.empty();
  }

  /** The Clear Key answer for a live session: the allowed keys as a JWK set. */
  public Outcome<byte[]> clearKey(
      LicenseClaims claims, Request request, Map<KeyId, ContentKey> found) {
    LicensedDevice software = LicensedDevice.software(null);
    Selection selection = select(claims, request, found, software);
    if (selection.denial() != null) {
      return deny(claims, request, selection.denial());
    }
    String type = request.persistent() ? "persistent-license" : "temporary";
    StringBuilder json = new StringBuilder(64 + 96 * selection.granted().size());
    json.append("{\"keys\":[");
    for (int i = 0; i < selection.granted().size(); i++) {
      ContentKey key = selection.granted().get(i);
      json.append(i == 0 ? "" : ",")
          .append("{\"kty\":\"oct\",\"kid\":\"")
          .append(key.keyId().base64Url())
          .append("\",\"k\":\"")
          .append(key.keyBase64Url())
          .append("\"}");
    }
    json.append("],\"type\":\"").append(type).append("\"}");
    LicensePolicy granted = policyFor(claims, request, software, selection);
    return new Issued<>(
        json.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8),
        issuedAudit(claims, request, software, selection, granted, UUID.randomUUID().toString()));
  }

  /**
   * A Widevine- or PlayReady-style license for a live session: keys wrapped to the device's key,
   * the policy its certificate (or its lack of one) allows, signed.
   *
   * @param device what {@link DeviceCheck} made of the request's device
   */
  public Outcome<LicenseResponse> acquire(
      LicenseClaims claims, Request request, LicensedDevice device, Map<KeyId, ContentKey> found) {
    Selection selection;
    if (request.renewal() && request.keyIds().isEmpty()) {
      selection = new Selection(List.of(), List.of(), null);
    } else {
      selection = select(claims, request, found, device);
      if (selection.denial() != null) {
        return deny(claims, request, selection.denial(), device.certificate());
      }
    }
    LicensePolicy granted = policyFor(claims, request, device, selection);
    String licenseId = UUID.randomUUID().toString();
    License.Builder license =
        License.newBuilder()
            .setLicenseId(licenseId)
            .setSessionId(claims.sessionId())
            .setStyle(
                request.format() == LicenseFormat.PLAYREADY
                    ? LicenseStyle.LICENSE_STYLE_PLAYREADY
                    : LicenseStyle.LICENSE_STYLE_WIDEVINE)
            .setLicenseType(
                request.persistent()
                    ? LicenseType.LICENSE_TYPE_PERSISTENT
                    : LicenseType.LICENSE_TYPE_STREAMING)
            .setRenewal(request.renewal())
            .setPolicy(LicenseProtos.policy(granted))
            .setIssuedAtMs(clock.millis())
            .setDeviceId(claims.deviceId())
            .setTitleId(claims.titleId());
    for (ContentKey key : selection.granted()) {
      license.addKeys(
          WrappedKey.newBuilder()
              .setKeyId(ByteString.copyFrom(key.keyId().bytes()))
              .setTrackType(LicenseProtos.trackType(key.trackType()))
              .setWrappedKey(ByteString.copyFrom(DeviceKeyWrapper.wrap(device.key(), key.key())))
              .setAlgorithm(DeviceKeyWrapper.ALGORITHM)
              .setRequiredHdcp(LicenseProtos.hdcp(TierRules.requiredHdcp(key.trackType()))));
    }
    byte[] bytes = license.build().toByteArray();
    LicenseClaims next = claims.expiringAt(tokens.expiryFromNow());
    if (device.certified()) {
      // Renewals must come from the same certified device, and keep its proven level.
      next = next.boundTo(device.certificate());
    }
    LicenseResponse response =
        LicenseResponse.newBuilder()
            .setLicense(ByteString.copyFrom(bytes))
            .setSignature(ByteString.copyFrom(signer.sign(bytes)))
            .setSigningKeyId(signer.keyId())
            .setRenewalToken(tokens.mint(next))
            .setRenewalTokenExpiresAtMs(next.expiresAt().toEpochMilli())
            .build();
    return new Issued<>(
        response, issuedAudit(claims, request, device, selection, granted, licenseId));
  }

  /** The request type a proto request names, for audits of requests that did not parse. */
  public static boolean isRenewal(LicenseRequest in) {
    return in.getRequestType() == RequestType.REQUEST_TYPE_RENEWAL;
  }

  // --- key selection and policy ------------------------------------------------------------------

  /** The keys that may go out, the requested ids withheld by policy, and a denial when none may. */
  record Selection(List<ContentKey> granted, List<KeyId> withheld, Denial denial) {}

  static Selection select(
      LicenseClaims claims, Request request, Map<KeyId, ContentKey> found, LicensedDevice device) {
    int level = device.security().securityLevel();
    Hdcp hdcp = device.security().hdcp();
    List<KeyId> unknown = request.keyIds().stream().filter(id -> !found.containsKey(id)).toList();
    if (!unknown.isEmpty()) {
      return new Selection(
          List.of(),
          request.keyIds(),
          Denial.of(
              Denial.Reason.UNKNOWN_KEY_ID,
              "The session's title has no key with id " + unknown.get(0).base64Url() + "."));
    }
    List<ContentKey> granted = new ArrayList<>();
    List<KeyId> withheld = new ArrayList<>();
    Denial first = null;
    for (KeyId id : request.keyIds()) {
      ContentKey key = found.get(id);
      TrackType track = key.trackType();
      Denial why = null;
      if (!claims.trackTypes().contains(track)) {
        why =
            Denial.of(
                Denial.Reason.TRACK_NOT_ALLOWED,
                "This session may not play " + track + " tracks on this device.");
      } else if (level < TierRules.minLevel(track)) {
        why = tooLowLevel(request, device, track);
      } else if (!hdcp.satisfies(TierRules.requiredHdcp(track))) {
        why =
            Denial.of(
                Denial.Reason.INSUFFICIENT_HDCP,
                track
                    + " keys need HDCP "
                    + TierRules.requiredHdcp(track)
                    + "; the device certificate proves "
                    + hdcp
                    + ".");
      }
      if (why == null) {
        granted.add(key);
      } else {
        withheld.add(id);
        first = first == null ? why : first;
      }
    }
    // Some keys may go: the license carries those, and the CDM marks the others unusable (players
    // then drop those renditions), as Widevine servers do. None may: the request is refused.
    return new Selection(granted, withheld, granted.isEmpty() ? first : null);
  }

  private static Denial tooLowLevel(Request request, LicensedDevice device, TrackType track) {
    String need = track + " keys need security level " + TierRules.minLevel(track) + " or higher";
    if (request.format() == LicenseFormat.CLEAR_KEY) {
      return Denial.of(
          Denial.Reason.INSUFFICIENT_SECURITY_LEVEL,
          need + "; Clear Key is a software CDM (level 1).");
    }
    if (!device.certified()) {
      return Denial.of(
          Denial.Reason.DEVICE_CERTIFICATE_REQUIRED,
          need
              + ", proven by a device certificate chain; a device without one counts as software"
              + " (level 1).");
    }
    return Denial.of(
        Denial.Reason.INSUFFICIENT_SECURITY_LEVEL,
        need + "; the device certificate proves level " + device.security().securityLevel() + ".");
  }

  private LicensePolicy policyFor(
      LicenseClaims claims, Request request, LicensedDevice device, Selection selection) {
    int level = device.security().securityLevel();
    Hdcp hdcp = device.security().hdcp();
    Set<TrackType> allowed = EnumSet.noneOf(TrackType.class);
    allowed.addAll(claims.trackTypes());
    allowed.retainAll(TierRules.allowedTracks(level, hdcp));
    Collection<TrackType> covered =
        selection.granted().isEmpty()
            ? allowed
            : selection.granted().stream().map(ContentKey::trackType).toList();
    Hdcp required = Hdcp.NONE;
    for (TrackType t : covered) {
      Hdcp r = TierRules.requiredHdcp(t);
      required = r.ordinal() > required.ordinal() ? r : required;
    }
    return request.persistent()
        ? LicensePolicy.persistent(policy, level, required, allowed)
        : LicensePolicy.streaming(policy, level, required, allowed);
  }

  private LicenseIssued issuedAudit(
      LicenseClaims claims,
      Request request,
      LicensedDevice device,
      Selection selection,
      LicensePolicy granted,
      String licenseId) {
    Set<TrackType> tracks = EnumSet.noneOf(TrackType.class);
    selection.granted().forEach(k -> tracks.add(k.trackType()));
    return new LicenseIssued(
        licenseId,
        request.format(),
        request.renewal(),
        selection.granted().stream().map(k -> k.keyId().hex()).toList(),
        selection.withheld().stream().map(KeyId::hex).toList(),
        tracks,
        granted,
        claims.deviceId(),
        certificate(device.certificate()),
        model(device.certificate()),
        clock.millis());
  }

  private LicenseDenied audit(
      LicenseClaims claims, Request request, Denial denial, DeviceBinding seen) {
    return new LicenseDenied(
        request.format(),
        request.renewal(),
        denial.reason().code(),
        denial.detail(),
        request.keyIdsHex(),
        request.deviceId().isEmpty() ? claims.deviceId() : request.deviceId(),
        certificate(seen),
        model(seen),
        clock.millis());
  }

  private static String certificate(DeviceBinding binding) {
    return binding == null ? "" : binding.deviceCertificate();
  }

  private static String model(DeviceBinding binding) {
    return binding == null ? "" : binding.modelCertificate();
  }
}
