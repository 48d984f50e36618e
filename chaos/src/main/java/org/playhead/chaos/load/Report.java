package org.playhead.chaos.load;

/**
 * One heartbeat as a player sends it, in CMCD terms (CTA-5004): {@code sid}, {@code cid}, {@code
 * sn}, {@code ts}, {@code pt}, {@code sta}, {@code e}, {@code bl}, {@code br}, {@code mtp}, {@code
 * su}, and the steering pathway in use.
 *
 * @param playing {@code sta=p} when true, {@code sta=a} (paused) when false
 * @param playStateChange {@code e=ps} when true, {@code e=t} (time interval) when false
 * @param startup {@code su}: the first report of the session
 */
record Report(
    String sessionId,
    String titleId,
    long sequenceNumber,
    boolean playing,
    boolean playStateChange,
    boolean startup,
    long positionMs,
    long bufferMs,
    long bitrateKbps,
    long throughputKbps,
    String pathway,
    long clientTimeMs) {}
