package org.playhead.session.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic of the project's Kafka (deploy/kafka/kafkactl, started by the build) from the
 * beginning, as a data team's consumer would: every partition, no consumer group.
 */
public final class KafkaTopic implements AutoCloseable {
  public static final String BOOTSTRAP = "127.0.0.1:9092";

  private final KafkaConsumer<String, byte[]> consumer;

  public KafkaTopic(String topic) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** What has arrived since the last call (waits up to {@code wait} for the first records). */
  public List<ConsumerRecord<String, byte[]>> poll(Duration wait) {
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    consumer.poll(wait).forEach(out::add);
    return out;
  }

  /** The end offsets now, to know when a reader has caught up. */
  public Map<TopicPartition, Long> ends() {
    return consumer.endOffsets(consumer.assignment());
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
