package org.playhead.steering;

import java.util.List;

/**
 * A delivery-network file that was refused, whole. Names every line at fault (up to a limit), the
 * first one in the message.
 */
public final class NetworkFileException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * One fault.
   *
   * @param line 1-based line number, or 0 for a fault of the file as a whole
   */
  public record Fault(int line, String message) {
    @Override
    public String toString() {
      return line > 0 ? "line " + line + ": " + message : message;
    }
  }

  private final transient List<Fault> faults;

  public NetworkFileException(List<Fault> faults) {
    super(
        faults.isEmpty() ? "invalid delivery network" : faults.get(0).toString(),
        null,
        false,
        false);
    this.faults = List.copyOf(faults);
  }

  public List<Fault> faults() {
    return faults;
  }
}
