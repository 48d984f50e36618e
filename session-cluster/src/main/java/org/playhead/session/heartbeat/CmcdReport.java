package org.playhead.session.heartbeat;

import java.util.List;

/**
 * One CMCD report (CTA-5004, Common Media Client Data): the fields of a player heartbeat that
 * Playhead uses, named by their CMCD keys. Every field is optional on the wire.
 *
 * <p>Absent values: numbers are primitives holding {@link #ABSENT} (ask {@code hasXxx()}), strings
 * and enums are {@code null}, {@code ec} is an empty list, and the booleans are {@code false},
 * which is what CMCD means by an absent boolean key. Primitives keep a parsed heartbeat to one
 * object plus its strings on a path that runs tens of thousands of times a second. The sentinel is
 * {@link Long#MIN_VALUE} rather than -1 so that a negative value from another transport (JSON,
 * protobuf) stays visible to {@link HeartbeatValidation} instead of reading as "absent".
 *
 * <p>Whatever the transport, the same limits apply: run {@link HeartbeatValidation#validate} on
 * every report before acting on it.
 *
 * @param sid {@code sid}, session id: a string of at most 64 characters (RECOMMENDED a UUID)
 * @param cid {@code cid}, content id: a string of at most 128 characters
 * @param sn {@code sn}, sequence number of the report per session and target, from 0
 * @param ts {@code ts}, client time of the event in milliseconds since the Unix epoch
 * @param pt {@code pt}, playhead time in milliseconds (players do not always send it)
 * @param sta {@code sta}, player state
 * @param e {@code e}, event type of an event-mode report
 * @param bl {@code bl}, buffer length in milliseconds
 * @param br {@code br}, encoded bitrate in kbps of the representation being played
 * @param mtp {@code mtp}, measured throughput in kbps
 * @param bs {@code bs}, buffer starvation since the previous report
 * @param ec {@code ec}, player error codes, in the order sent
 * @param ot {@code ot}, object type token ({@code m}, {@code a}, {@code v}, {@code av}, {@code i},
 *     {@code c}, {@code tt}, {@code k}, {@code o})
 * @param su {@code su}, startup: the player is starting, seeking or recovering from an empty buffer
 * @param v {@code v}, CMCD version; 0 when not sent, which CMCD defines as version 1
 * @param cdn {@code cdn}, CDN ID (CMCD v2): the delivery network the player is using, at most 128
 *     characters. This is the standard key for the CDN in use.
 * @param msd {@code msd}, media start delay in ms (CMCD v2): sent once, when playback has started,
 *     so it is evidence of playback from a player that sends no {@code sta} (Shaka 5.2)
 * @param pathway {@code com.playhead-pathway}, Playhead's custom key (a CMCD custom key, so other
 *     servers ignore it) carrying the content-steering pathway id the player is using. CMCD has no
 *     key for a DASH/HLS steering pathway as such; {@code cdn} names a delivery network in the
 *     player's own terms, which need not be one of our pathway ids. See {@link #pathwayId()}.
 */
public record CmcdReport(
    String sid,
    String cid,
    long sn,
    long ts,
    long pt,
    PlayerState sta,
    CmcdEventType e,
    long bl,
    long br,
    long mtp,
    boolean bs,
    List<String> ec,
    String ot,
    boolean su,
    int v,
    String cdn,
    long msd,
    String pathway) {

  /** The value of a numeric field that was not sent. */
  public static final long ABSENT = Long.MIN_VALUE;

  /** Copies {@code ec}, so a report never shares a mutable list; a null list means none. */
  public CmcdReport {
    ec = ec == null ? List.of() : List.copyOf(ec);
  }

  public static Builder builder() {
    return new Builder();
  }

  public boolean hasSn() {
    return sn != ABSENT;
  }

  public boolean hasTs() {
    return ts != ABSENT;
  }

  public boolean hasPt() {
    return pt != ABSENT;
  }

  public boolean hasBl() {
    return bl != ABSENT;
  }

  public boolean hasBr() {
    return br != ABSENT;
  }

  public boolean hasMtp() {
    return mtp != ABSENT;
  }

  public boolean hasMsd() {
    return msd != ABSENT;
  }

  /** The CMCD version the report claims: {@code v}, or 1 when {@code v} was not sent. */
  public int version() {
    return v == 0 ? 1 : v;
  }

  /**
   * The pathway the player says it is using: Playhead's {@code com.playhead-pathway} if sent,
   * otherwise the standard {@code cdn}, otherwise {@code null}. Steering configures players to
   * report pathway ids in one of the two; which one a player can send depends on its CMCD options.
   */
  public String pathwayId() {
    return pathway != null ? pathway : cdn;
  }

  /**
   * Builds reports field by field: for the parser, and for the JSON and gRPC heartbeats, which
   * carry the same fields under the same names.
   */
  public static final class Builder {
    private String sid;
    private String cid;
    private long sn = ABSENT;
    private long ts = ABSENT;
    private long pt = ABSENT;
    private PlayerState sta;
    private CmcdEventType e;
    private long bl = ABSENT;
    private long br = ABSENT;
    private long mtp = ABSENT;
    private boolean bs;
    private List<String> ec = List.of();
    private String ot;
    private boolean su;
    private int v;
    private String cdn;
    private long msd = ABSENT;
    private String pathway;

    private Builder() {}

    public Builder sid(String sid) {
      this.sid = sid;
      return this;
    }

    public Builder cid(String cid) {
      this.cid = cid;
      return this;
    }

    public Builder sn(long sn) {
      this.sn = sn;
      return this;
    }

    public Builder ts(long ts) {
      this.ts = ts;
      return this;
    }

    public Builder pt(long pt) {
      this.pt = pt;
      return this;
    }

    public Builder sta(PlayerState sta) {
      this.sta = sta;
      return this;
    }

    public Builder e(CmcdEventType e) {
      this.e = e;
      return this;
    }

    public Builder bl(long bl) {
      this.bl = bl;
      return this;
    }

    public Builder br(long br) {
      this.br = br;
      return this;
    }

    public Builder mtp(long mtp) {
      this.mtp = mtp;
      return this;
    }

    public Builder bs(boolean bs) {
      this.bs = bs;
      return this;
    }

    public Builder ec(List<String> ec) {
      this.ec = ec;
      return this;
    }

    public Builder ot(String ot) {
      this.ot = ot;
      return this;
    }

    public Builder su(boolean su) {
      this.su = su;
      return this;
    }

    public Builder v(int v) {
      this.v = v;
      return this;
    }

    public Builder cdn(String cdn) {
      this.cdn = cdn;
      return this;
    }

    public Builder msd(long msd) {
      this.msd = msd;
      return this;
    }

    public Builder pathway(String pathway) {
      this.pathway = pathway;
      return this;
    }

    public CmcdReport build() {
      return new CmcdReport(
          sid, cid, sn, ts, pt, sta, e, bl, br, mtp, bs, ec, ot, su, v, cdn, msd, pathway);
    }
  }
}
