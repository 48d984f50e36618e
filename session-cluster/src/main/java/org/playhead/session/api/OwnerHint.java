package org.playhead.session.api;

import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.playhead.session.PlaybackSession;

/**
 * The owner hint on a session's answers: the base URL of the node that holds the session. A call
 * that reaches another node crosses the cluster to the owner and back (several times the CPU of a
 * call answered where it lands, bench/RESULTS.md); a client or an L7 load balancer that sends the
 * session's next calls to the hinted node saves that hop. A hint is only advice: every node answers
 * for every session, so a stale hint (the shard moved, the node died) costs a hop, never a failure.
 */
final class OwnerHint {
  static final String HEADER = "Playhead-Owner";

  private OwnerHint() {}

  /** The answer with the hint, when the session's node names itself. */
  static HttpResponse on(HttpResponse response, PlaybackSession.Reply reply) {
    return reply.ownerUrl().isEmpty()
        ? response
        : response.addHeader(RawHeader.create(HEADER, reply.ownerUrl()));
  }
}
