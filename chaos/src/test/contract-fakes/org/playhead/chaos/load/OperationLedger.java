package org.playhead.chaos.load;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** CONTRACT FAKE (chaos-cluster branch only). */
public final class OperationLedger {
  private final List<Operation> operations;

  OperationLedger(List<Operation> operations) {
    List<Operation> sorted = new ArrayList<>(operations);
    sorted.sort(Comparator.comparing(Operation::at));
    this.operations = List.copyOf(sorted);
  }

  public List<Operation> operations() {
    return operations;
  }
}
