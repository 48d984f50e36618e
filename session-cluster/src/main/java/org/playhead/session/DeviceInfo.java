package org.playhead.session;

/**
 * The device a session plays on.
 *
 * @param securityLevel DRM security level, 1 (software) to 5 (hardware-secure), Widevine-style
 */
public record DeviceInfo(String deviceId, String deviceType, int securityLevel, Hdcp hdcp) {}
