package org.playhead.session.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.playhead.session.StopReason;

/** The HTTP JSON request bodies, read into transport-neutral inputs. */
final class JsonInputs {
  private JsonInputs() {}

  /**
   * {@code {"sessionId"?, "accountId", "profileId", "titleId", "device": {...},
   * "terminationTokens"?: [...]}}
   */
  static StartInput startInput(JsonNode body) {
    List<Problem.FieldError> errors = new ArrayList<>();
    JsonFields f = new JsonFields(body, "", errors);
    JsonFields device = f.object("device");
    long level = device.integer("drmSecurityLevel", 0);
    StartInput input =
        new StartInput(
            f.text("sessionId"),
            f.text("accountId"),
            f.text("profileId"),
            device.text("deviceId"),
            device.text("deviceType"),
            (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, level)),
            device.text("hdcp"),
            f.text("titleId"),
            f.textList("terminationTokens"));
    if (!errors.isEmpty()) {
      throw new RequestRejectedException(
          Problem.invalid("The start request has invalid fields.", errors));
    }
    return input;
  }

  record StopInput(StopReason reason, long playheadMs) {}

  /** {@code {"reason"?: "user"|"ended", "playheadMs"?}}; an empty body stops as the user. */
  static StopInput stopInput(JsonNode body) {
    if (body == null) {
      return new StopInput(StopReason.USER, -1);
    }
    List<Problem.FieldError> errors = new ArrayList<>();
    JsonFields f = new JsonFields(body, "", errors);
    String reason = f.text("reason");
    long playhead = f.integer("playheadMs", -1);
    if (f.has("playheadMs")
        && errors.isEmpty()
        && (playhead < 0 || playhead > HeartbeatInputs.MAX_PLAYHEAD_MS)) {
      errors.add(
          new Problem.FieldError("playheadMs", "must be 0 to " + HeartbeatInputs.MAX_PLAYHEAD_MS));
    }
    if (!errors.isEmpty()) {
      throw new RequestRejectedException(
          Problem.invalid("The stop request has invalid fields.", errors));
    }
    return new StopInput(PlaybackHttpRoutes.playerStopReason(reason), playhead);
  }
}
