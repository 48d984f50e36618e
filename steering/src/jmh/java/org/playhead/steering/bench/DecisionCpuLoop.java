package org.playhead.steering.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import org.playhead.steering.CacheReport;
import org.playhead.steering.DecisionBuffer;
import org.playhead.steering.DeliveryNetwork;
import org.playhead.steering.DeliveryNetworkFile;
import org.playhead.steering.Demotions;
import org.playhead.steering.HealthView;
import org.playhead.steering.SteeringEngine;
import org.playhead.steering.SteeringPolicy;
import org.playhead.steering.SyntheticNetwork;

/**
 * Decisions per second of the decision thread's own CPU time, with the same table as {@link
 * DecisionBenchmark}. JMH measures wall-clock throughput, which on a machine shared with other work
 * counts the time the thread waits for a core; this counts only the time it ran, so it gives
 * "decisions per second per core" even while other processes load the machine.
 *
 * <pre>
 *   mvn -B -ntp -q -pl steering -Pjmh test-compile exec:exec@steering-cpu-loop
 * </pre>
 */
public final class DecisionCpuLoop {
  private DecisionCpuLoop() {}

  public static void main(String[] args) throws Exception {
    long now = 1_800_000_000_000L;
    SyntheticNetwork synthetic = SyntheticNetwork.generate(1_000, 340, 1);
    DeliveryNetwork network = DeliveryNetworkFile.parse(synthetic.text);
    Map<String, CacheReport> reports = new HashMap<>();
    for (CacheReport r : synthetic.reports(now, 2)) {
      reports.put(r.cacheId(), r);
    }
    SteeringEngine engine =
        new SteeringEngine(
            HealthView.of(network, SteeringPolicy.defaults(), reports, Map.of(), Map.of()));
    String[] addresses = new String[4096];
    String[] titles = new String[4096];
    for (int k = 0; k < 4096; k++) {
      addresses[k] = synthetic.clientAddresses.get(k % synthetic.clientAddresses.size());
      titles[k] = synthetic.titles.get((k * 7919) % synthetic.titles.size());
    }
    DecisionBuffer buffer = new DecisionBuffer();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long sink = 0;
    for (int round = 0; round < 8; round++) {
      int n = 2_000_000;
      long cpu = threads.getCurrentThreadCpuTime();
      long wall = System.nanoTime();
      long allocated = allocatedBytes();
      for (int i = 0; i < n; i++) {
        int k = i & 4095;
        engine.decide(addresses[k], titles[k], Demotions.NONE, now, buffer);
        sink += buffer.count();
      }
      long cpuNs = threads.getCurrentThreadCpuTime() - cpu;
      long wallNs = System.nanoTime() - wall;
      long bytes = allocatedBytes() - allocated;
      System.out.printf(
          "round %d: %,.0f decisions/s of CPU time (%,.0f of wall time), %.3f bytes/decision%n",
          round, n / (cpuNs / 1e9), n / (wallNs / 1e9), (double) bytes / n);
    }
    System.out.println("(checksum " + sink + ")");
  }

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }
}
