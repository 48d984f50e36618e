package org.playhead.session.analytics;

import java.util.Set;
import org.playhead.session.HeartbeatReport;
import org.playhead.session.PlaybackSession;
import org.playhead.session.Progress;
import org.playhead.session.SessionAnalytics;
import org.playhead.session.SessionPhase;

/** A node's analytics for its session entities: their tag, and their heartbeats' QoE samples. */
public final class NodeSessionAnalytics implements SessionAnalytics {
  private final EventTags tags;
  private final QoeSampler sampler;

  /**
   * @param sampler where heartbeats' samples go, or {@code null} when analytics is off
   */
  public NodeSessionAnalytics(EventTags tags, QoeSampler sampler) {
    this.tags = tags;
    this.sampler = sampler;
  }

  @Override
  public Set<String> tagsFor(String sessionId) {
    return tags.forId(sessionId);
  }

  @Override
  public void heartbeatApplied(
      String sessionId,
      PlaybackSession.Live state,
      SessionPhase phase,
      Progress before,
      HeartbeatReport report,
      Progress after,
      long nowMs) {
    if (sampler != null) {
      sampler.offer(
          sessionId,
          state.facts(),
          phase,
          before.lastHeartbeatAtMs(),
          report,
          after.pathway(),
          state.steering().clientNetwork(),
          nowMs);
    }
  }
}
