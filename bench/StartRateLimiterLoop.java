// A crude single-threaded loop over StartRateLimiter (no JMH yet; issue 8's suite replaces it).
// Run after a build, from the repository root:
//   CP=session-cluster/target/classes:$(find ~/.m2/repository/com/typesafe/config \
//     ~/.m2/repository/com/fasterxml/jackson/core/jackson-annotations -name '*.jar' | tr '\n' :)
//   java -XX:+UseSerialGC -Xmx1g -cp "$CP" bench/StartRateLimiterLoop.java cost
//   java -XX:+UseSerialGC -Xmx2g -cp "$CP" bench/StartRateLimiterLoop.java memory 200000 1
import java.time.Clock;
import java.util.UUID;
import org.playhead.session.api.StartRateLimitSettings;
import org.playhead.session.api.StartRateLimitSettings.Limit;
import org.playhead.session.api.StartRateLimiter;

public class StartRateLimiterLoop {
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("memory")) {
      memory(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
    } else {
      cost();
    }
  }

  static StartRateLimiter limiter(Limit account, Limit device, int maxTrackedKeys) {
    return new StartRateLimiter(
        new StartRateLimitSettings(account, device, maxTrackedKeys), Clock.systemUTC());
  }

  static void cost() {
    StartRateLimiter hot = limiter(new Limit(10, 30), new Limit(5, 10), 100_000);
    Limit generous = new Limit(1_000_000, 6_000_000);
    StartRateLimiter wide = limiter(generous, generous, 100_000);
    StartRateLimiter flood = limiter(new Limit(10, 30), new Limit(5, 10), 100_000);
    String[] ids = new String[50_000];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = "acc-" + i;
    }
    long sink = 0;
    for (int round = 0; round < 5; round++) {
      int n = 10_000_000;
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        sink += hot.tryStart("acc-hot", "tv").allowed() ? 1 : 0;
      }
      long t1 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        sink += wide.tryStart(ids[i % ids.length], "tv").allowed() ? 1 : 0;
      }
      long t2 = System.nanoTime();
      int m = 2_000_000;
      for (int i = 0; i < m; i++) {
        sink += flood.tryStart("f-" + round + "-" + i, "tv").allowed() ? 1 : 0;
      }
      long t3 = System.nanoTime();
      System.out.printf(
          "round %d: refused (one key) %.0f ns, allowed (50k accounts) %.0f ns,"
              + " flood of new ids at the cap %.0f ns (id string included), tracked %d%n",
          round, (t1 - t0) / (double) n, (t2 - t1) / (double) n, (t3 - t2) / (double) m,
          flood.trackedKeys());
    }
    System.out.println("(sink " + sink + ")");
  }

  /** Heap held by the buckets, ids excluded (allocated before the first measurement). */
  static void memory(int accounts, int devicesPerAccount) throws Exception {
    String[] ids = new String[accounts];
    String[] devices = new String[accounts * devicesPerAccount];
    for (int i = 0; i < accounts; i++) {
      ids[i] = UUID.randomUUID().toString();
      for (int d = 0; d < devicesPerAccount; d++) {
        devices[i * devicesPerAccount + d] = UUID.randomUUID().toString();
      }
    }
    long before = settledHeap();
    StartRateLimiter limiter = limiter(new Limit(100, 30), new Limit(5, 10), 10_000_000);
    for (int i = 0; i < accounts; i++) {
      for (int d = 0; d < devicesPerAccount; d++) {
        limiter.tryStart(ids[i], devices[i * devicesPerAccount + d]);
      }
    }
    long held = settledHeap() - before;
    System.out.printf(
        "%d accounts x %d devices = %d buckets: %.1f MB, %.0f B per bucket (ids excluded)%n",
        accounts, devicesPerAccount, limiter.trackedKeys(), held / 1e6,
        held / (double) limiter.trackedKeys());
    System.out.println("(" + (ids.length + devices.length) + " ids)");
  }

  static long settledHeap() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }
}
