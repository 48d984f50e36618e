package org.playhead.session.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.LinkedHashMap;
import java.util.Map;
import org.playhead.protocol.events.v1.QoeSample;
import org.playhead.protocol.events.v1.SessionContext;
import org.playhead.protocol.events.v1.SessionEvent;
import org.playhead.protocol.events.v1.SessionStarted;
import org.playhead.protocol.events.v1.SessionStopped;
import org.playhead.protocol.events.v1.VideoStarted;
import org.playhead.session.analytics.QoeAggregates.Dimension;
import org.playhead.session.analytics.QoeAggregates.Key;

/**
 * Six scripted sessions and the QoE figures worked out for them by hand, shared by the unit test
 * (QoeAggregatesTest) and the test through the real Kafka (QoeAggregatesIT). Every title, pathway,
 * network and session id starts with a prefix, so a run can tell its figures from others'.
 */
public final class QoeScript {
  public static final Key ALL = new Key(Dimension.ALL, "all");

  private QoeScript() {}

  public interface Events {
    void accept(SessionEvent event, int partition);
  }

  public interface Samples {
    void accept(QoeSample sample, int partition);
  }

  /**
   * What one key must show. Bitrates are integer kbps: the played-time-weighted sum divided by the
   * played time, rounded down; percentiles are nearest-rank ({@code -1}: no video start).
   */
  public record Expected(
      long concurrentPlays,
      long plays,
      long videoStarts,
      long startupP50Ms,
      long startupP95Ms,
      long videoStartFailures,
      long exitsBeforeVideoStart,
      long playedMs,
      long rebufferingMs,
      long averageBitrateKbps,
      long samples,
      long errorSamples) {

    public double rebufferingRatio() {
      return playedMs + rebufferingMs == 0
          ? 0
          : (double) rebufferingMs / (playedMs + rebufferingMs);
    }

    public double errorRate() {
      return samples == 0 ? 0 : (double) errorSamples / samples;
    }

    public void assertMatches(Key key, QoeStats actual) {
      assertNotNull(actual, key + " has figures");
      assertEquals(concurrentPlays, actual.concurrentPlays(), key + " concurrent plays");
      assertEquals(plays, actual.plays(), key + " plays");
      assertEquals(videoStarts, actual.videoStarts(), key + " video starts");
      assertEquals(startupP50Ms, actual.startupPercentileMs(50), key + " startup p50");
      assertEquals(startupP95Ms, actual.startupPercentileMs(95), key + " startup p95");
      assertEquals(videoStartFailures, actual.videoStartFailures(), key + " video start failures");
      assertEquals(
          exitsBeforeVideoStart, actual.exitsBeforeVideoStart(), key + " exits before video start");
      assertEquals(playedMs, actual.playedMs(), key + " played");
      assertEquals(rebufferingMs, actual.rebufferingMs(), key + " rebuffering");
      assertEquals(rebufferingRatio(), actual.rebufferingRatio(), 1e-9, key + " rebuffering ratio");
      assertEquals(averageBitrateKbps, actual.averageBitrateKbps(), key + " average bitrate");
      assertEquals(samples, actual.samples(), key + " samples");
      assertEquals(errorRate(), actual.errorRate(), 1e-9, key + " error rate");
    }
  }

  /** The hand-computed figures of {@link #play}, per key (see the comments there). */
  public static Map<Key, Expected> expected(String p) {
    Map<Key, Expected> out = new LinkedHashMap<>();
    // s1, s2, s5 play; s3 failed, s4 left, s6 is silent. Plays: s1, s2, s3, s4, s6 (s5 started
    // before the window). Startups 2000, 1000. Played 28+15+29+30+20 s; rebuffering 5 s;
    // bitrate (28*3000 + 15*4000 + 29*5000 + 30*2000 + 20*3000) / 122 = 3352.
    if (p.isEmpty()) {
      out.put(ALL, new Expected(3, 5, 2, 1000, 2000, 1, 1, 122_000, 5_000, 3352, 6, 2));
    }
    // title-a and net-1: s1, s2, s5. (84000 + 60000 + 145000 + 60000) / 102 = 3421.
    Expected a = new Expected(3, 2, 2, 1000, 2000, 0, 0, 102_000, 5_000, 3421, 4, 1);
    // title-b and net-2: s3, s4, s6.
    Expected b = new Expected(0, 3, 0, -1, -1, 1, 1, 20_000, 0, 3000, 2, 1);
    out.put(new Key(Dimension.TITLE, p + "title-a"), a);
    out.put(new Key(Dimension.NETWORK, p + "net-1"), a);
    out.put(new Key(Dimension.TITLE, p + "title-b"), b);
    out.put(new Key(Dimension.NETWORK, p + "net-2"), b);
    // cdn-a: s1, s3, s4, s5, s6; playing: s1, s5. (84000 + 60000 + 60000 + 60000) / 93 = 2838.
    out.put(
        new Key(Dimension.PATHWAY, p + "cdn-a"),
        new Expected(2, 4, 1, 2000, 2000, 1, 1, 93_000, 5_000, 2838, 5, 1));
    // cdn-b: s2 alone.
    out.put(
        new Key(Dimension.PATHWAY, p + "cdn-b"),
        new Expected(1, 1, 1, 1000, 1000, 0, 0, 29_000, 0, 5000, 1, 1));
    return out;
  }

  static SessionContext context(String title, String pathway, String network) {
    return SessionContext.newBuilder()
        .setAccountId("acc")
        .setTitleId(title)
        .setPathway(pathway)
        .setClientNetwork(network)
        .build();
  }

  public static SessionEvent started(
      String id, String title, String pathway, String network, long at) {
    return SessionEvent.newBuilder()
        .setSessionId(id)
        .setEventId(id + "/1/0")
        .setOccurredAtMs(at)
        .setContext(context(title, pathway, network))
        .setStarted(SessionStarted.getDefaultInstance())
        .build();
  }

  static SessionEvent videoStarted(
      String id, String title, String pathway, String network, long at, long startupMs) {
    return SessionEvent.newBuilder()
        .setSessionId(id)
        .setEventId(id + "/2/0")
        .setOccurredAtMs(at)
        .setContext(context(title, pathway, network))
        .setVideoStarted(VideoStarted.newBuilder().setStartupTimeMs(startupMs))
        .build();
  }

  static SessionEvent stoppedBeforeVideo(
      String id, String title, String pathway, String network, long at) {
    return SessionEvent.newBuilder()
        .setSessionId(id)
        .setEventId(id + "/9/0")
        .setOccurredAtMs(at)
        .setContext(context(title, pathway, network))
        .setStopped(SessionStopped.newBuilder().setReason("user").setVideoStarted(false))
        .build();
  }

  static QoeSample sample(
      String id,
      String title,
      String pathway,
      String network,
      long at,
      long playedMs,
      long rebufferingMs,
      long bitrateKbps,
      boolean error) {
    return QoeSample.newBuilder()
        .setSessionId(id)
        .setSampledAtMs(at)
        .setContext(context(title, pathway, network))
        .setPlayedMs(playedMs)
        .setRebufferingMs(rebufferingMs)
        .setBitrateKbps(bitrateKbps)
        .setError(error)
        .build();
  }

  /**
   * Six sessions, times relative to {@code now}, every name prefixed with {@code p}. A session
   * keeps its partition (the one-line partition numbers stand for a key's partition).
   */
  public static void play(String p, Events events, Samples samples, long now) {
    long s = 1000;
    String a = p + "title-a";
    String b = p + "title-b";
    String cdnA = p + "cdn-a";
    String cdnB = p + "cdn-b";
    String net1 = p + "net-1";
    String net2 = p + "net-2";
    // s1: title-a on cdn-a from net-1, first frame after 2 s; 28 s played at 3000 kbps, then
    // 15 s at 4000 kbps with a 5 s stall.
    events.accept(started(p + "s1", a, cdnA, net1, now - 60 * s), 1);
    events.accept(videoStarted(p + "s1", a, cdnA, net1, now - 58 * s, 2000), 1);
    samples.accept(sample(p + "s1", a, cdnA, net1, now - 30 * s, 28_000, 0, 3000, false), 1);
    samples.accept(sample(p + "s1", a, cdnA, net1, now - 10 * s, 15_000, 5_000, 4000, false), 1);
    // s2: title-a on cdn-b from net-1, first frame after 1 s; 29 s at 5000 kbps, an error.
    events.accept(started(p + "s2", a, cdnB, net1, now - 50 * s), 2);
    events.accept(videoStarted(p + "s2", a, cdnB, net1, now - 49 * s, 1000), 2);
    samples.accept(sample(p + "s2", a, cdnB, net1, now - 20 * s, 29_000, 0, 5000, true), 2);
    // s3: title-b on cdn-a from net-2: a fatal error, then gone before video: a failure.
    events.accept(started(p + "s3", b, cdnA, net2, now - 40 * s), 3);
    samples.accept(sample(p + "s3", b, cdnA, net2, now - 35 * s, 0, 0, 0, true), 3);
    events.accept(stoppedBeforeVideo(p + "s3", b, cdnA, net2, now - 30 * s), 3);
    // s4: title-b, gone before video without an error: an exit before video start.
    events.accept(started(p + "s4", b, cdnA, net2, now - 20 * s), 4);
    events.accept(stoppedBeforeVideo(p + "s4", b, cdnA, net2, now - 15 * s), 4);
    // s5: title-a, started before the window; plays 30 s at 2000 kbps now.
    events.accept(started(p + "s5", a, cdnA, net1, now - 400 * s), 5);
    events.accept(videoStarted(p + "s5", a, cdnA, net1, now - 398 * s, 9000), 5);
    samples.accept(sample(p + "s5", a, cdnA, net1, now - 5 * s, 30_000, 0, 2000, false), 5);
    // s6: title-b, silent longer than the lease: not playing, though it started in the window.
    events.accept(started(p + "s6", b, cdnA, net2, now - 200 * s), 6);
    samples.accept(sample(p + "s6", b, cdnA, net2, now - 150 * s, 20_000, 0, 3000, false), 6);
  }
}
