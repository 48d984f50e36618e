package org.playhead.chaos.it;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.playhead.chaos.load.Operation;
import org.playhead.chaos.load.OperationLedger;

/** The most frequent errors and refusals in a ledger, for a test's log. */
final class LedgerErrors {
  private LedgerErrors() {}

  static Map<String, Long> top(OperationLedger ledger, int limit) {
    Map<String, Long> counts = new TreeMap<>();
    for (Operation op : ledger.operations()) {
      if (!op.acknowledged()) {
        String error = op.error() == null ? "?" : op.error();
        String key = op.kind() + " " + error.substring(0, Math.min(70, error.length()));
        counts.merge(key, 1L, Long::sum);
      }
    }
    Map<String, Long> top = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
        .limit(limit)
        .forEach(e -> top.put(e.getKey(), e.getValue()));
    return top;
  }
}
