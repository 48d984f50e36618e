package org.playhead.chaos.drill;

import java.time.Instant;

/**
 * A change one node reported about a member: {@code unreachable}, {@code reachable}, or a new
 * status ({@code joining}, {@code up}, {@code leaving}, {@code exiting}, {@code down}), or {@code
 * removed} when the member left its view. Seen by polling, so {@code at} is late by up to one
 * polling interval.
 */
public record MembershipEvent(Instant at, String observer, String member, String change) {
  public static final String UNREACHABLE = "unreachable";
  public static final String REACHABLE = "reachable";
  public static final String REMOVED = "removed";
}
