package org.playhead.session.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.playhead.session.DeviceInfo;
import org.playhead.session.Hdcp;
import org.playhead.session.SessionFacts;
import org.playhead.session.security.Principal;

/**
 * A start request as either transport delivers it, before validation. Empty strings and zero mean
 * "not given".
 *
 * @param sessionId optional client-chosen id that makes the start idempotent
 * @param hdcp one of {@link Hdcp}'s names, case-insensitive, or empty for NONE
 */
public record StartInput(
    String sessionId,
    String accountId,
    String profileId,
    String deviceId,
    String deviceType,
    int securityLevel,
    String hdcp,
    String titleId,
    List<String> terminationTokens) {

  public StartInput {
    terminationTokens = terminationTokens == null ? List.of() : List.copyOf(terminationTokens);
  }

  /**
   * Ids are opaque tokens: short, printable, safe in a URL path and a log line: 1-64 of {@code
   * [A-Za-z0-9._:-]}. Checked by hand rather than with a regular expression: every heartbeat checks
   * its session id, and a matcher is an allocation and a walk through the pattern's nodes.
   */
  static boolean isId(String value) {
    int length = value == null ? 0 : value.length();
    if (length == 0 || length > 64) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == ':'
              || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  static final int MIN_SECURITY_LEVEL = 1;
  static final int MAX_SECURITY_LEVEL = 5;

  static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  static final int MAX_TERMINATION_TOKENS = 8;

  /** A start that passed validation. */
  public record ValidStart(String sessionId, SessionFacts facts, List<String> terminationTokens) {}

  /**
   * This start as the token's player makes it: account, profile and device come from the token. A
   * body that names others asks for someone else's stream.
   *
   * @throws RequestRejectedException 403 when the body names another account, profile or device
   */
  public StartInput forPlayer(Principal.Player player) {
    if (!matchesOrEmpty(accountId, player.accountId())
        || !matchesOrEmpty(profileId, player.profileId())
        || !matchesOrEmpty(deviceId, player.deviceId())) {
      throw new RequestRejectedException(
          Problem.of(
              "out-of-scope",
              "Forbidden",
              403,
              "The token may start streams only for its own account, profile and device."));
    }
    return new StartInput(
        sessionId,
        player.accountId(),
        player.profileId(),
        player.deviceId(),
        deviceType,
        securityLevel,
        hdcp,
        titleId,
        terminationTokens);
  }

  private static boolean matchesOrEmpty(String given, String fromToken) {
    return given == null || given.isEmpty() || given.equals(fromToken);
  }

  /**
   * Checks every field and reports all problems at once.
   *
   * @throws RequestRejectedException with a 400 problem listing each invalid field
   */
  public ValidStart validate() {
    List<Problem.FieldError> errors = new ArrayList<>();
    String id = nullToEmpty(sessionId);
    if (!id.isEmpty()) {
      requireId("sessionId", id, errors);
    }
    requireId("accountId", accountId, errors);
    requireId("profileId", profileId, errors);
    requireId("titleId", titleId, errors);
    requireId("device.deviceId", deviceId, errors);
    String type = nullToEmpty(deviceType);
    if (!type.isEmpty() && !isId(type)) {
      errors.add(new Problem.FieldError("device.deviceType", "must be 1-64 of [A-Za-z0-9._:-]"));
    }
    int level = securityLevel == 0 ? MIN_SECURITY_LEVEL : securityLevel;
    if (level < MIN_SECURITY_LEVEL || level > MAX_SECURITY_LEVEL) {
      errors.add(
          new Problem.FieldError(
              "device.drmSecurityLevel",
              "must be " + MIN_SECURITY_LEVEL + " to " + MAX_SECURITY_LEVEL));
    }
    Hdcp parsedHdcp = Hdcp.NONE;
    String hdcpName = nullToEmpty(hdcp);
    if (!hdcpName.isEmpty()) {
      try {
        parsedHdcp = Hdcp.valueOf(hdcpName.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        errors.add(
            new Problem.FieldError(
                "device.hdcp", "must be one of NONE, V1, V2_0, V2_2, NO_DIGITAL_OUTPUT"));
      }
    }
    if (terminationTokens.size() > MAX_TERMINATION_TOKENS) {
      errors.add(
          new Problem.FieldError(
              "terminationTokens", "at most " + MAX_TERMINATION_TOKENS + " tokens"));
    } else if (!terminationTokens.stream().allMatch(t -> TOKEN.matcher(t).matches())) {
      errors.add(new Problem.FieldError("terminationTokens", "must be tokens from a 409 answer"));
    }
    if (!errors.isEmpty()) {
      throw new RequestRejectedException(
          Problem.invalid("The start request has invalid fields.", errors));
    }
    DeviceInfo device =
        new DeviceInfo(deviceId, type.isEmpty() ? "unknown" : type, level, parsedHdcp);
    return new ValidStart(
        id.isEmpty() ? UUID.randomUUID().toString() : id,
        new SessionFacts(accountId, profileId, device, titleId, 0),
        terminationTokens);
  }

  /** Session ids in paths and heartbeats follow the same rule as client-chosen ones. */
  static void requireSessionId(String sessionId) {
    if (!isId(sessionId)) {
      throw new RequestRejectedException(
          Problem.invalid(
              "The session id is malformed.",
              List.of(new Problem.FieldError("sessionId", "must be 1-64 of [A-Za-z0-9._:-]"))));
    }
  }

  /** An id in a path: 400 when malformed. */
  static void requireId(String field, String value) {
    List<Problem.FieldError> errors = new ArrayList<>();
    requireId(field, value, errors);
    if (!errors.isEmpty()) {
      throw new RequestRejectedException(
          Problem.invalid("The " + field + " is malformed.", errors));
    }
  }

  /** Adds a field error when {@code value} is not an id (1-64 of [A-Za-z0-9._:-]). */
  static void requireId(String field, String value, List<Problem.FieldError> errors) {
    if (value == null || value.isEmpty()) {
      errors.add(new Problem.FieldError(field, "is required"));
    } else if (!isId(value)) {
      errors.add(new Problem.FieldError(field, "must be 1-64 of [A-Za-z0-9._:-]"));
    }
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
