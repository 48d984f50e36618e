package org.playhead.session.heartbeat;

import java.util.ArrayList;
import java.util.List;

/**
 * The limits a heartbeat must meet, whatever carried it: a CMCD body or query, the JSON heartbeat
 * or the gRPC one. Each transport maps its message to a {@link CmcdReport} and calls {@link
 * #validate}, so the same report is accepted or refused the same way everywhere.
 *
 * <p>Pure and allocation-free when the report is valid. It lists every problem instead of stopping
 * at the first, so a 400 answer can show them all at once. Messages may quote numbers but never the
 * client's strings.
 */
public final class HeartbeatValidation {

  /** {@code sid}: CTA-5004 caps it at 64 characters. */
  public static final int MAX_SID_LENGTH = 64;

  /** {@code cid}: CTA-5004 caps it at 128 characters. */
  public static final int MAX_CID_LENGTH = 128;

  /** {@code cdn}: CTA-5004-B caps it at 128 characters. */
  public static final int MAX_CDN_LENGTH = 128;

  /** A pathway id; also CTA-5004-B's cap on a custom key's string value. */
  public static final int MAX_PATHWAY_LENGTH = 64;

  /** {@code pt}: 48 hours, longer than any title or live window we serve. */
  public static final long MAX_PLAYHEAD_MS = 48L * 60 * 60 * 1000;

  /** {@code bl}: one hour; players buffer seconds to minutes. */
  public static final long MAX_BUFFER_MS = 60L * 60 * 1000;

  /** {@code br} and {@code mtp}: 10 Gbit/s in kbps. */
  public static final long MAX_BITRATE_KBPS = 10_000_000L;

  /** {@code ec}: at most this many codes in one report. */
  public static final int MAX_ERROR_CODES = 32;

  /** {@code ec}: at most this many characters per code. */
  public static final int MAX_ERROR_CODE_LENGTH = 128;

  /** One problem with one field; {@code field} is the CMCD key (or {@code pathway}). */
  public record Violation(String field, String message) {}

  private HeartbeatValidation() {}

  /** Every limit the report breaks, in field order; empty (and not allocated) if none. */
  public static List<Violation> validate(CmcdReport report) {
    List<Violation> out = null;
    if (report.sid() != null && !isValidSessionId(report.sid())) {
      out =
          add(
              out,
              "sid",
              "must be 1 to "
                  + MAX_SID_LENGTH
                  + " characters of A-Z, a-z, 0-9, '.', '_', ':', '-'");
    }
    if (report.cid() != null && !isValidContentId(report.cid())) {
      out =
          add(out, "cid", "must be 1 to " + MAX_CID_LENGTH + " characters, none of them controls");
    }
    if (report.hasSn() && report.sn() < 0) {
      out = add(out, "sn", "is " + report.sn() + "; it must be 0 or more");
    }
    if (report.hasTs() && report.ts() < 0) {
      out = add(out, "ts", "is " + report.ts() + "; it must be 0 or more");
    }
    out = checkRange(out, "pt", report.hasPt(), report.pt(), MAX_PLAYHEAD_MS, "ms (48 h)");
    out = checkRange(out, "bl", report.hasBl(), report.bl(), MAX_BUFFER_MS, "ms (1 h)");
    out = checkRange(out, "br", report.hasBr(), report.br(), MAX_BITRATE_KBPS, "kbps (10 Gbit/s)");
    out =
        checkRange(out, "mtp", report.hasMtp(), report.mtp(), MAX_BITRATE_KBPS, "kbps (10 Gbit/s)");
    out = checkErrorCodes(out, report.ec());
    if (report.v() < 0) {
      out = add(out, "v", "is " + report.v() + "; it must be 1 or more");
    }
    if (report.cdn() != null && !isValidCdn(report.cdn())) {
      out =
          add(out, "cdn", "must be 1 to " + MAX_CDN_LENGTH + " characters, none of them controls");
    }
    if (report.pathway() != null && !isValidPathwayId(report.pathway())) {
      out =
          add(
              out,
              "pathway",
              "must be 1 to " + MAX_PATHWAY_LENGTH + " characters of A-Z, a-z, 0-9, '.', '_', '-'");
    }
    return out == null ? List.of() : List.copyOf(out);
  }

  /**
   * 1 to 64 characters of {@code [A-Za-z0-9._:-]}: UUIDs and our own ids fit, nothing to escape.
   */
  public static boolean isValidSessionId(String sid) {
    if (sid == null || sid.isEmpty() || sid.length() > MAX_SID_LENGTH) {
      return false;
    }
    for (int i = 0; i < sid.length(); i++) {
      char c = sid.charAt(i);
      if (!isIdChar(c) && c != ':') {
        return false;
      }
    }
    return true;
  }

  /** 1 to 128 characters, none of them a control character. */
  public static boolean isValidContentId(String cid) {
    return isPrintable(cid, MAX_CID_LENGTH);
  }

  /** 1 to 128 characters, none of them a control character. */
  public static boolean isValidCdn(String cdn) {
    return isPrintable(cdn, MAX_CDN_LENGTH);
  }

  /**
   * 1 to 64 characters of {@code [A-Za-z0-9._-]}: the characters HLS allows in a PATHWAY-ID, which
   * also suit a DASH serviceLocation.
   */
  public static boolean isValidPathwayId(String pathway) {
    if (pathway == null || pathway.isEmpty() || pathway.length() > MAX_PATHWAY_LENGTH) {
      return false;
    }
    for (int i = 0; i < pathway.length(); i++) {
      if (!isIdChar(pathway.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static List<Violation> checkRange(
      List<Violation> out, String field, boolean present, long value, long max, String unit) {
    if (present && (value < 0 || value > max)) {
      return add(out, field, "is " + value + "; it must be between 0 and " + max + " " + unit);
    }
    return out;
  }

  private static List<Violation> checkErrorCodes(List<Violation> out, List<String> codes) {
    if (codes.size() > MAX_ERROR_CODES) {
      return add(out, "ec", "has " + codes.size() + " codes; the limit is " + MAX_ERROR_CODES);
    }
    for (String code : codes) {
      if (!isPrintable(code, MAX_ERROR_CODE_LENGTH)) {
        return add(
            out,
            "ec",
            "each code must be 1 to "
                + MAX_ERROR_CODE_LENGTH
                + " characters, none of them controls");
      }
    }
    return out;
  }

  private static boolean isPrintable(String value, int maxLength) {
    if (value == null || value.isEmpty() || value.length() > maxLength) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isIdChar(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '.'
        || c == '_'
        || c == '-';
  }

  private static List<Violation> add(List<Violation> out, String field, String message) {
    List<Violation> list = out == null ? new ArrayList<>(4) : out;
    list.add(new Violation(field, message));
    return list;
  }
}
