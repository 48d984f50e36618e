package org.playhead.license.device;

import java.security.interfaces.RSAPublicKey;
import java.time.Instant;

/**
 * A device whose certificate chain verified against a trusted root: its key, what the chain proves
 * (the weakest of what its model and device certificates say), and the two certificates'
 * fingerprints, by which an SRE revokes either.
 *
 * @param deviceKey the RSA key in the device certificate: content keys are wrapped to it only
 * @param deviceFingerprint SHA-256 of the device certificate's DER, lower-case hex
 * @param modelFingerprint SHA-256 of the model (manufacturer) certificate's DER, lower-case hex
 * @param notAfter when the device certificate (or its model's, if earlier) expires
 */
public record CertifiedDevice(
    RSAPublicKey deviceKey,
    DeviceSecurity security,
    String deviceFingerprint,
    String modelFingerprint,
    String deviceSubject,
    String modelSubject,
    Instant notAfter) {}
