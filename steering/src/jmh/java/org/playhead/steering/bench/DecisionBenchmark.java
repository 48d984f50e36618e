package org.playhead.steering.bench;

import inet.ipaddr.IPAddressString;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv4.IPv4AddressTrie;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.playhead.steering.CacheReport;
import org.playhead.steering.ClientAddress;
import org.playhead.steering.DecisionBuffer;
import org.playhead.steering.DeliveryNetwork;
import org.playhead.steering.DeliveryNetworkFile;
import org.playhead.steering.Demotions;
import org.playhead.steering.HealthView;
import org.playhead.steering.SteeringEngine;
import org.playhead.steering.SteeringPolicy;
import org.playhead.steering.SyntheticNetwork;

/**
 * Steering decisions over a realistic table: 1,000 caches (600 embedded in 300 ISPs, 250 at
 * exchanges, 100 transit, 50 partner CDNs) and about 102,000 announced prefixes (IPv4 and IPv6),
 * with every cache reporting (embedded caches hold a third of 1,000 titles). One thread: the figure
 * is decisions per second per core. {@code -prof gc} gives bytes allocated per decision ({@code
 * gc.alloc.rate.norm}).
 *
 * <p>Also measures the pieces: the compiled prefix table against the ipaddress library's trie
 * (longest-prefix match and all containing prefixes), and address parsing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Threads(1)
public class DecisionBenchmark {
  private static final long NOW = 1_800_000_000_000L;
  private static final int MASK = 4095;

  private SteeringEngine engine;
  private PrefixTable table;
  private IPv4AddressTrie trie;
  private String[] addresses;
  private String[] titles;
  private IPv4Address[] v4Addresses;
  private ClientAddress[] parsed;
  private final DecisionBuffer buffer = new DecisionBuffer();
  private final ClientAddress scratch = new ClientAddress();
  private int i;

  private interface PrefixTable {
    int lookup(ClientAddress address);
  }

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    SyntheticNetwork synthetic = SyntheticNetwork.generate(1_000, 340, 1);
    long start = System.nanoTime();
    DeliveryNetwork network = DeliveryNetworkFile.parse(synthetic.text);
    System.out.printf(
        "%n%s parsed and compiled in %d ms (%d intervals, %d match sets)%n",
        network,
        (System.nanoTime() - start) / 1_000_000,
        network.prefixes().intervalCount(),
        network.prefixes().matchSetCount());
    Map<String, CacheReport> reports = new HashMap<>();
    for (CacheReport r : synthetic.reports(NOW, 2)) {
      reports.put(r.cacheId(), r);
    }
    engine =
        new SteeringEngine(
            HealthView.of(network, SteeringPolicy.defaults(), reports, Map.of(), Map.of()));
    table = network.prefixes()::lookup;
    trie = network.prefixes().v4Trie();
    List<String> clients = synthetic.clientAddresses;
    addresses = new String[MASK + 1];
    titles = new String[MASK + 1];
    v4Addresses = new IPv4Address[MASK + 1];
    parsed = new ClientAddress[MASK + 1];
    int v4 = 0;
    for (int k = 0; k <= MASK; k++) {
      addresses[k] = clients.get(k % clients.size());
      titles[k] = synthetic.titles.get((k * 7919) % synthetic.titles.size());
      parsed[k] = new ClientAddress();
      parsed[k].parse(addresses[k]);
    }
    for (int k = 0; v4 <= MASK; k++) {
      String a = clients.get(k % clients.size());
      if (!a.contains(":")) {
        v4Addresses[v4++] = new IPAddressString(a).getAddress().toIPv4();
      }
    }
  }

  /** The whole decision, from the address as text to the ranked list. */
  @Benchmark
  public int decide() {
    int k = i++ & MASK;
    engine.decide(addresses[k], titles[k], Demotions.NONE, NOW, buffer);
    return buffer.count();
  }

  /** The compiled table: binary search over interval starts (address already parsed). */
  @Benchmark
  public int compiledTableLookup() {
    return table.lookup(parsed[i++ & MASK]);
  }

  /** The ipaddress library's trie: longest-prefix match of an IPv4 address object. */
  @Benchmark
  public Object trieLongestPrefixMatch() {
    return trie.longestPrefixMatchNode(v4Addresses[i++ & MASK]);
  }

  /** The ipaddress library's trie: every prefix containing the address (what a decision needs). */
  @Benchmark
  public Object trieElementsContaining() {
    return trie.elementsContaining(v4Addresses[i++ & MASK]);
  }

  /** Our allocation-free parser. */
  @Benchmark
  public boolean parseAddress() {
    return scratch.parse(addresses[i++ & MASK]);
  }

  /** The ipaddress library's parser, for comparison. */
  @Benchmark
  public Object parseAddressWithLibrary() {
    return new IPAddressString(addresses[i++ & MASK]).getAddress();
  }
}
