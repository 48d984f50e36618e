package org.playhead.session.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.playhead.devkit.FreePorts;
import org.playhead.license.device.DeviceCertificateMinter;
import org.playhead.license.device.DeviceCertificateMinter.Issued;

/**
 * The remoting TLS settings of cluster.conf, as the production overlay sets them through the
 * environment, on real Artery tls-tcp between two nodes in this JVM: nodes with the cluster's
 * certificate form a cluster; a node whose certificate another CA signed is never admitted.
 */
class RemotingTlsTest {
  @TempDir Path dir;
  final List<ActorSystem<Void>> systems = new ArrayList<>();

  @AfterEach
  void stop() {
    systems.forEach(ActorSystem::terminate);
  }

  /**
   * A CA and a node certificate it signs, from the device minter: its root is a plain CA and its
   * leaf a plain RSA certificate (a model certificate would not do: its critical device extension
   * makes every TLS validator refuse it, as it should).
   */
  record Stores(Path keyStore, Path trustStore) {}

  Stores stores(String name) throws Exception {
    DeviceCertificateMinter minter = new DeviceCertificateMinter(Clock.systemUTC());
    Duration day = Duration.ofDays(1);
    Issued ca = minter.root(name + " CA", day);
    Issued node = minter.device(ca, name + " node", Optional.empty(), day);
    char[] password = "changeit".toCharArray();
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry(
        "node",
        node.privateKey(),
        password,
        new Certificate[] {node.certificate(), ca.certificate()});
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca.certificate());
    Path keyStore = dir.resolve(name + "-keystore.p12");
    Path trustStore = dir.resolve(name + "-truststore.p12");
    try (OutputStream out = Files.newOutputStream(keyStore)) {
      keys.store(out, password);
    }
    try (OutputStream out = Files.newOutputStream(trustStore)) {
      trust.store(out, password);
    }
    return new Stores(keyStore, trustStore);
  }

  /** cluster.conf resolved with the production overlay's variables (not its values). */
  ActorSystem<Void> node(Stores stores, int port, int seedPort) {
    Map<String, Object> env = new HashMap<>();
    env.put("PLAYHEAD_REMOTE_TRANSPORT", "tls-tcp");
    env.put("PLAYHEAD_REMOTE_PORT", port);
    env.put("PLAYHEAD_REMOTE_TLS_KEY_STORE", stores.keyStore().toString());
    env.put("PLAYHEAD_REMOTE_TLS_TRUST_STORE", stores.trustStore().toString());
    env.put("PLAYHEAD_REMOTE_TLS_KEY_STORE_PASSWORD", "changeit");
    env.put("PLAYHEAD_REMOTE_TLS_TRUST_STORE_PASSWORD", "changeit");
    Config config =
        ConfigFactory.parseMap(
                Map.of(
                    "pekko.cluster.seed-nodes",
                    List.of("pekko://Playhead@127.0.0.1:" + seedPort),
                    "pekko.cluster.jmx.multi-mbeans-in-same-jvm",
                    "on",
                    "pekko.coordinated-shutdown.exit-jvm",
                    "off"))
            .withFallback(ConfigFactory.parseMap(env))
            .withFallback(ConfigFactory.parseResources("cluster.conf"))
            .withFallback(ConfigFactory.parseResources("reference.conf"))
            .resolve();
    assertEquals("tls-tcp", config.getString("pekko.remote.artery.transport"));
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "Playhead", config);
    systems.add(system);
    return system;
  }

  static int freePort() {
    return FreePorts.take();
  }

  @Test
  void nodesWithTheClustersCertificateFormAClusterAndOthersAreNotAdmitted() throws Exception {
    Stores cluster = stores("cluster");
    int seed = freePort();
    ActorSystem<Void> a = node(cluster, seed, seed);
    ActorSystem<Void> b = node(cluster, freePort(), seed);
    TestProbe<Void> probe = TestProbe.create(a);
    probe.awaitAssert(
        Duration.ofSeconds(30),
        () -> {
          long up = 0;
          for (var m : Cluster.get(a).state().getMembers()) {
            up += m.status() == MemberStatus.up() ? 1 : 0;
          }
          assertEquals(2, up);
          assertEquals(MemberStatus.up(), Cluster.get(b).selfMember().status());
          return null;
        });

    // Another CA's certificate: the TLS handshake fails both ways, so it never joins.
    TestProbe<ClusterEvent.MemberUp> ups = TestProbe.create(a);
    Cluster.get(a)
        .subscriptions()
        .tell(Subscribe.create(ups.getRef(), ClusterEvent.MemberUp.class));
    // The current members come first, as events.
    ups.receiveSeveralMessages(2);
    node(stores("rogue"), freePort(), seed);
    ups.expectNoMessage(Duration.ofSeconds(10));
    int members = 0;
    for (var m : Cluster.get(a).state().getMembers()) {
      members++;
    }
    assertEquals(2, members);
  }
}
