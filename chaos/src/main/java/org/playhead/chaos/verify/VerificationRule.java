package org.playhead.chaos.verify;

import java.util.List;

/** One thing a drill must prove, checked on collected evidence. */
public interface VerificationRule {
  String name();

  List<Violation> check(DrillEvidence evidence);
}
