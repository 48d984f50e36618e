package org.playhead.chaos.drill;

import java.time.Duration;
import org.playhead.chaos.load.SimulatorConfig;

/** Simulator configs from partial choices, the rest as the simulator's defaults scale. */
public final class PlayerConfigs {
  private PlayerConfigs() {}

  /**
   * A config for {@code sessions} players. Unset shares keep the defaults' proportions; unset churn
   * scales with the sessions; unset accounts are as few as the plans hold (the simulator refuses
   * too few), so accounts stay near their stream limits.
   */
  public static SimulatorConfig config(
      int sessions,
      Integer accounts,
      Duration heartbeat,
      Double grpcUnary,
      Double grpcStream,
      Double http,
      Double churn,
      long seed) {
    SimulatorConfig d = SimulatorConfig.defaults();
    double unary = grpcUnary != null ? grpcUnary : d.grpcUnaryShare();
    double stream = grpcStream != null ? grpcStream : d.grpcStreamShare();
    double plain = http != null ? http : d.httpShare();
    if (grpcUnary == null || grpcStream == null || http == null) {
      // Fill the unset shares with what the set ones leave, in the defaults' proportions.
      double setSum =
          (grpcUnary != null ? unary : 0)
              + (grpcStream != null ? stream : 0)
              + (http != null ? plain : 0);
      double unsetDefault =
          (grpcUnary == null ? d.grpcUnaryShare() : 0)
              + (grpcStream == null ? d.grpcStreamShare() : 0)
              + (http == null ? d.httpShare() : 0);
      double scale = unsetDefault == 0 ? 0 : Math.max(0, 1 - setSum) / unsetDefault;
      unary = grpcUnary != null ? unary : d.grpcUnaryShare() * scale;
      stream = grpcStream != null ? stream : d.grpcStreamShare() * scale;
      plain = http != null ? plain : d.httpShare() * scale;
    }
    double churnPerSecond = churn != null ? churn : d.churnPerSecond() * sessions / d.sessions();
    if (accounts != null) {
      return new SimulatorConfig(
          sessions, accounts, heartbeat, unary, stream, plain, churnPerSecond, seed);
    }
    int guess = Math.max(1, (int) Math.ceil((double) sessions * d.accounts() / d.sessions()));
    IllegalArgumentException last = null;
    while (guess <= sessions) {
      try {
        return new SimulatorConfig(
            sessions, guess, heartbeat, unary, stream, plain, churnPerSecond, seed);
      } catch (IllegalArgumentException tooFew) {
        last = tooFew;
        guess = Math.min(sessions, guess + Math.max(1, guess / 20));
        if (guess == sessions) {
          return new SimulatorConfig(
              sessions, sessions, heartbeat, unary, stream, plain, churnPerSecond, seed);
        }
      }
    }
    throw last != null ? last : new IllegalArgumentException("no account count fits " + sessions);
  }
}
