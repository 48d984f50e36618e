package org.playhead.session.analytics;

import com.google.protobuf.Message;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Kafka records of the published contract: the key (session or account id) decides the partition,
 * so one key's records stay in order; the value is the message's protobuf bytes; the {@value
 * #TYPE_HEADER} header names the message type for generic consumers.
 */
public final class KafkaRecords {
  public static final String TYPE_HEADER = "playhead-type";

  private KafkaRecords() {}

  public static ProducerRecord<String, byte[]> of(String topic, String key, Message message) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(
        TYPE_HEADER, message.getDescriptorForType().getFullName().getBytes(StandardCharsets.UTF_8));
    return new ProducerRecord<>(topic, null, key, message.toByteArray(), headers);
  }

  /** The entity id in a persistence id ({@code <EntityType>|<id>}). */
  public static String entityIdOf(String persistenceId) {
    return persistenceId.substring(persistenceId.indexOf('|') + 1);
  }
}
