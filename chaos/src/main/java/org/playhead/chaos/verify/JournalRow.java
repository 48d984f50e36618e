package org.playhead.chaos.verify;

/**
 * One event row of pekko-persistence-cassandra's {@code messages} table: which incarnation of an
 * entity wrote which sequence number, and when.
 *
 * @param writerUuid the writer id: a new one for every incarnation of a persistent entity (every
 *     start on a node, every restart), so a move after a kill shows as one writer's events followed
 *     by another's
 * @param timestampMs the row's time-based UUID, as epoch milliseconds
 */
public record JournalRow(
    String persistenceId,
    long partitionNr,
    long sequenceNr,
    String writerUuid,
    long timestampMs,
    String manifest) {}
