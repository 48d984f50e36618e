package org.playhead.steering;

/** Whether a cache may be chosen now, and if not, why. */
public enum Eligibility {
  ELIGIBLE("eligible"),
  NO_REPORT("has never reported"),
  AGED_OUT("stopped reporting (aged out)"),
  UNHEALTHY("reports itself unhealthy"),
  MARKED_DOWN("marked down by an SRE"),
  PLAYER_FAILURES("players report failures"),
  OVERLOADED("overloaded"),
  TITLE_MISSING("does not hold the title");

  private final String text;

  Eligibility(String text) {
    this.text = text;
  }

  public String text() {
    return text;
  }
}
