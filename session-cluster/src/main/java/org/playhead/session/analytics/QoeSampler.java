package org.playhead.session.analytics;

import java.time.Duration;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.kafka.ProducerSettings;
import org.apache.pekko.kafka.javadsl.SendProducer;
import org.apache.pekko.stream.ActorAttributes;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.playhead.protocol.events.v1.QoeSample;
import org.playhead.protocol.events.v1.SessionContext;
import org.playhead.session.HeartbeatReport;
import org.playhead.session.SessionFacts;
import org.playhead.session.SessionPhase;

/**
 * QoE samples from applied heartbeats to Kafka, never through the journal. A heartbeat only offers
 * a small record to a bounded queue (a size check first, so a full queue costs no allocation);
 * building the protobuf and sending it happen on Kafka's own dispatcher. When Kafka is away the
 * producer's buffer fills, then the queue, and samples are dropped and counted: a heartbeat never
 * waits for Kafka and memory never grows past the queue and the producer's buffer.
 */
public final class QoeSampler {

  /** What an applied heartbeat tells, as the session saw it. */
  record Input(
      String sessionId,
      SessionFacts facts,
      SessionPhase phaseBefore,
      long previousHeartbeatAtMs,
      HeartbeatReport report,
      String pathway,
      String clientNetwork,
      long nowMs) {}

  private final BoundedSourceQueue<Input> queue;
  private final int capacity;
  private final AnalyticsMeters.Qoe meters;

  private QoeSampler(BoundedSourceQueue<Input> queue, int capacity, AnalyticsMeters.Qoe meters) {
    this.queue = queue;
    this.capacity = capacity;
    this.meters = meters;
  }

  /**
   * @param maxGap the most time one sample counts as played or rebuffering (the lease TTL: a longer
   *     silence was no playback)
   */
  public static QoeSampler start(
      ActorSystem<?> system, AnalyticsSettings settings, Duration maxGap, AnalyticsMeters meters) {
    // Lossy by design: acknowledged by the partition leader only, no idempotence, and a short
    // wait for a broker, so that a sample Kafka cannot take soon is counted and forgotten.
    ProducerSettings<String, byte[]> producerSettings =
        ProducerSettings.create(system, new StringSerializer(), new ByteArraySerializer())
            .withBootstrapServers(settings.bootstrapServers())
            .withProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false")
            .withProperty(ProducerConfig.ACKS_CONFIG, "1")
            .withProperty(ProducerConfig.LINGER_MS_CONFIG, "20")
            .withProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, "1000")
            .withProperty(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "10000")
            .withProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000")
            .withProperty(
                ProducerConfig.BUFFER_MEMORY_CONFIG,
                String.valueOf(settings.qoeProducerBufferBytes()));
    SendProducer<String, byte[]> producer = new SendProducer<>(producerSettings, system);
    AnalyticsMeters.Qoe qoe = meters.qoe();
    long maxGapMs = maxGap.toMillis();
    String topic = settings.qoeTopic();
    BoundedSourceQueue<Input> queue =
        Source.<Input>queue(settings.qoeBuffer())
            .map(input -> KafkaRecords.of(topic, input.sessionId(), sample(input, maxGapMs)))
            .mapAsyncUnordered(
                256,
                (ProducerRecord<String, byte[]> record) ->
                    producer
                        .send(record)
                        .handle(
                            (metadata, failure) -> {
                              if (failure == null) {
                                qoe.sent();
                              } else {
                                qoe.failed();
                              }
                              return Done.getInstance();
                            }))
            // A producer blocks its caller while it has no broker: on Kafka's threads only.
            .withAttributes(ActorAttributes.dispatcher("pekko.kafka.default-dispatcher"))
            .to(Sink.ignore())
            .run(system);
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseServiceStop(),
            "playhead-qoe-producer",
            () -> {
              queue.complete();
              return producer.close().thenApply(done -> Done.getInstance());
            });
    return new QoeSampler(queue, settings.qoeBuffer(), qoe);
  }

  /** Offers one heartbeat's sample; drops it (counted) when the queue is full. Never blocks. */
  void offer(
      String sessionId,
      SessionFacts facts,
      SessionPhase phaseBefore,
      long previousHeartbeatAtMs,
      HeartbeatReport report,
      String pathway,
      String clientNetwork,
      long nowMs) {
    if (queue.size() >= capacity) {
      meters.dropped();
      return;
    }
    Input input =
        new Input(
            sessionId,
            facts,
            phaseBefore,
            previousHeartbeatAtMs,
            report,
            pathway,
            clientNetwork,
            nowMs);
    if (!(queue.offer(input) instanceof org.apache.pekko.stream.QueueOfferResult.Enqueued$)) {
      meters.dropped();
    }
  }

  static QoeSample sample(Input input, long maxGapMs) {
    long elapsed = Math.min(Math.max(0, input.nowMs() - input.previousHeartbeatAtMs()), maxGapMs);
    HeartbeatReport report = input.report();
    SessionFacts facts = input.facts();
    return QoeSample.newBuilder()
        .setSessionId(input.sessionId())
        .setSampledAtMs(input.nowMs())
        .setSequenceNumber(report.sequenceNumber())
        .setContext(
            SessionContext.newBuilder()
                .setAccountId(facts.accountId())
                .setProfileId(facts.profileId())
                .setTitleId(facts.titleId())
                .setDeviceId(facts.device().deviceId())
                .setDeviceType(facts.device().deviceType())
                .setPathway(input.pathway())
                .setClientNetwork(input.clientNetwork()))
        .setPlayerState(report.playerState() == null ? "" : report.playerState().code())
        .setBufferMs(report.bufferMs())
        .setBitrateKbps(report.bitrateKbps())
        .setThroughputKbps(report.throughputKbps())
        .setBufferStarvation(report.bufferStarvation())
        .setError(report.playerError())
        .setPlayedMs(input.phaseBefore() == SessionPhase.PLAYING ? elapsed : 0)
        .setRebufferingMs(input.phaseBefore() == SessionPhase.REBUFFERING ? elapsed : 0)
        .build();
  }
}
