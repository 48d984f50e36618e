package org.playhead.license.bench;

import com.google.protobuf.ByteString;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.playhead.license.ContentKey;
import org.playhead.license.DeviceCheck;
import org.playhead.license.Hdcp;
import org.playhead.license.KeyId;
import org.playhead.license.LicenseIssuer;
import org.playhead.license.TrackType;
import org.playhead.license.device.DeviceCertificateMinter;
import org.playhead.license.device.DeviceRevocations;
import org.playhead.license.device.DeviceSecurity;
import org.playhead.license.device.DeviceTrust;
import org.playhead.license.device.RevocationList;
import org.playhead.license.format.LicenseSigner;
import org.playhead.license.policy.PolicySettings;
import org.playhead.license.token.LicenseClaims;
import org.playhead.license.token.LicenseTokens;
import org.playhead.license.token.TokenCheck;
import org.playhead.protocol.license.v1.LicenseRequest;
import org.playhead.protocol.license.v1.LicenseStyle;
import org.playhead.protocol.license.v1.RequestType;

/**
 * Licenses per second on one core, for the CPU work a node does per license once the session has
 * answered and the vault's keys are in memory (its cache): verify the license token, parse the
 * request, decide, and build the answer. Clear Key answers a JWK set; a Widevine-style license also
 * verifies the device's certificate chain (device and model, RSA-2048, JDK PKIX) and checks it
 * against the revocation list, wraps each key to the certified RSA-2048 key (RSA-OAEP-256), signs
 * (ES256) and mints the renewal token. The session ask and the audit write are network and
 * Cassandra time, measured by load tests, not here.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class LicenseBenchmark {
  private LicenseIssuer issuer;
  private DeviceCheck devices;
  private String token;
  private Map<KeyId, ContentKey> keys;
  private byte[] clearKeyBody;
  private LicenseRequest widevineTwoKeys;
  private LicenseRequest renewal;

  @Setup
  public void setUp() throws Exception {
    SecureRandom random = new SecureRandom();
    Clock clock = Clock.systemUTC();
    byte[] tokenKey = new byte[32];
    random.nextBytes(tokenKey);
    LicenseTokens tokens =
        new LicenseTokens(
            tokenKey,
            "playhead",
            "playhead-license",
            Duration.ofMinutes(15),
            Duration.ofSeconds(30),
            clock);
    issuer =
        new LicenseIssuer(
            PolicySettings.defaults(),
            new LicenseSigner(new ECKeyGenerator(Curve.P_256).keyID("bench").generate()),
            tokens,
            clock);
    token =
        tokens.mint(
            new LicenseClaims(
                "9b2f6c1e-5d1a-4c57-9f51-0a8d3e7f2b10",
                "acc-1",
                "tv-1",
                "title-1",
                EnumSet.allOf(TrackType.class),
                null,
                "standard",
                false,
                tokens.expiryFromNow()));
    keys = new LinkedHashMap<>();
    Map<TrackType, ContentKey> byType = new LinkedHashMap<>();
    for (TrackType t : TrackType.values()) {
      byte[] kid = new byte[16];
      byte[] key = new byte[16];
      random.nextBytes(kid);
      random.nextBytes(key);
      ContentKey k = new ContentKey("title-1", t, KeyId.of(kid), key);
      keys.put(k.keyId(), k);
      byType.put(t, k);
    }
    clearKeyBody =
        ("{\"kids\":[\""
                + byType.get(TrackType.AUDIO).keyId().base64Url()
                + "\",\""
                + byType.get(TrackType.SD).keyId().base64Url()
                + "\"],\"type\":\"temporary\"}")
            .getBytes(StandardCharsets.UTF_8);
    DeviceCertificateMinter minter = new DeviceCertificateMinter(clock);
    DeviceCertificateMinter.Issued root = minter.root("Bench Root", Duration.ofDays(30));
    DeviceCertificateMinter.Issued model =
        minter.model(root, "Bench TV", new DeviceSecurity(3, Hdcp.V2_2), Duration.ofDays(30));
    DeviceCertificateMinter.Issued device =
        minter.device(model, "tv-1", java.util.Optional.empty(), Duration.ofDays(30));
    devices =
        new DeviceCheck(
            DeviceTrust.of(java.util.List.of(root.certificate())),
            new DeviceRevocations(RevocationList.EMPTY),
            clock);
    LicenseRequest.Builder wv =
        LicenseRequest.newBuilder()
            .setStyle(LicenseStyle.LICENSE_STYLE_WIDEVINE)
            .setRequestType(RequestType.REQUEST_TYPE_NEW)
            .setDeviceId("tv-1")
            .addDeviceCertificateChain(ByteString.copyFrom(device.certificate().getEncoded()))
            .addDeviceCertificateChain(ByteString.copyFrom(model.certificate().getEncoded()));
    wv.addKeyIds(ByteString.copyFrom(byType.get(TrackType.AUDIO).keyId().bytes()));
    wv.addKeyIds(ByteString.copyFrom(byType.get(TrackType.HD).keyId().bytes()));
    widevineTwoKeys = wv.build();
    renewal =
        wv.clearKeyIds()
            .clearDeviceCertificateChain()
            .setRequestType(RequestType.REQUEST_TYPE_RENEWAL)
            .build();
  }

  private LicenseClaims claims() {
    return ((TokenCheck.Valid) issuer.tokens().verify(token)).claims();
  }

  /** A W3C Clear Key license for two keys (audio and SD). */
  @Benchmark
  public Object clearKey() throws Exception {
    LicenseClaims claims = claims();
    return issuer.clearKey(claims, issuer.parseClearKey(clearKeyBody), keys);
  }

  /**
   * A Widevine-style license for two keys to a certified device: chain verified, wrapped
   * (RSA-OAEP-256), signed (ES256).
   */
  @Benchmark
  public Object widevineWrappedAndSigned() throws Exception {
    LicenseClaims claims = claims();
    LicenseIssuer.Request request = issuer.parse(widevineTwoKeys);
    return issuer.acquire(claims, request, devices.identify(claims, request).device(), keys);
  }

  /** The device check alone: the chain parsed and verified (PKIX), the revocation list read. */
  @Benchmark
  public Object deviceChainVerified() throws Exception {
    LicenseClaims claims = claims();
    return devices.identify(claims, issuer.parse(widevineTwoKeys));
  }

  /** A renewal: policy and a fresh token, signed; no keys. */
  @Benchmark
  public Object widevineRenewal() throws Exception {
    LicenseClaims claims = claims();
    LicenseIssuer.Request request = issuer.parse(renewal);
    return issuer.acquire(claims, request, devices.identify(claims, request).device(), keys);
  }
}
