package org.playhead.session.heartbeat;

/**
 * A CMCD payload that Playhead refuses: bad syntax, a known key with a value of the wrong type or
 * out of range, or a body over the limits. The message says where and why, e.g. {@code line 2,
 * column 14: key 'sn': expected an Integer but found a String}, and never echoes the client's
 * values, so it can go back verbatim in an HTTP 400 problem body.
 *
 * <p>Unchecked, so it passes through route lambdas; it carries no stack trace because bad input is
 * a client error, not a bug, and a flood of it should not cost a stack walk per request.
 */
public final class CmcdParseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String where;
  private final int column;
  private final String key;
  private final String reason;

  CmcdParseException(String where, int column, String key, String reason) {
    super(format(where, column, key, reason), null, false, false);
    this.where = where;
    this.column = column;
    this.key = key;
    this.reason = reason;
  }

  /**
   * Where the problem is, without the column: {@code "line 3"} of a body, {@code "CMCD-Status
   * header"}, {@code "payload"}, or {@code "body"} for the body as a whole.
   */
  public String where() {
    return where;
  }

  /** The 1-based column within {@link #where()}, or 0 when the problem is not at one position. */
  public int column() {
    return column;
  }

  /** The CMCD key whose value is at fault, or {@code null} when the problem is not in a value. */
  public String key() {
    return key;
  }

  /** What is wrong, without the position. */
  public String reason() {
    return reason;
  }

  private static String format(String where, int column, String key, String reason) {
    StringBuilder sb = new StringBuilder(where);
    if (column > 0) {
      sb.append(", column ").append(column);
    }
    sb.append(": ");
    if (key != null) {
      sb.append("key '").append(key).append("': ");
    }
    return sb.append(reason).toString();
  }
}
