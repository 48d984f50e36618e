package org.playhead.http;

/**
 * An RFC 9457 problem body ({@code application/problem+json}): the standard members every refusal
 * carries. Each API adds its own extension members in its own record (a session problem lists
 * invalid fields and conflicting streams, a license problem its reason); {@link HttpEdge} renders
 * them all the same way.
 */
public interface ProblemBody {
  /** Where every Playhead problem type lives: {@code type} is this plus a stable slug. */
  String TYPE_BASE = "https://playhead.dev/problems/";

  String type();

  String title();

  int status();

  String detail();

  String instance();

  /** This problem with {@code instance} set to the request's path (never its query). */
  ProblemBody at(String path);
}
