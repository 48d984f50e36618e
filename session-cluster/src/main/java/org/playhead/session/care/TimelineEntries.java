package org.playhead.session.care;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.playhead.license.LicenseFormat;
import org.playhead.license.TrackType;
import org.playhead.license.ledger.LicenseLedger;
import org.playhead.license.policy.LicensePolicy;
import org.playhead.session.Account.ReservationReleased;
import org.playhead.session.Account.Slot;
import org.playhead.session.Account.StreamAdmitted;
import org.playhead.session.Account.StreamEnded;
import org.playhead.session.Initiator;
import org.playhead.session.PlaybackSession.PlaybackStarted;
import org.playhead.session.PlaybackSession.PlaybackStateChanged;
import org.playhead.session.PlaybackSession.PlaybackStopped;
import org.playhead.session.PlaybackSession.PositionCheckpointed;
import org.playhead.session.PlaybackSession.SteeringDecided;
import org.playhead.session.Progress;
import org.playhead.session.SessionFacts;
import org.playhead.session.SteeringRecord;

/**
 * Pure functions from persisted events to {@link TimelineEntry}s, and the merge of both journals.
 * No I/O: {@link SessionTimeline} feeds them from the read journal.
 *
 * <p>What is hidden: a slot's termination token (it lets its holder stop the stream, so it is a
 * credential), and account events that do not name the session.
 */
public final class TimelineEntries {
  private TimelineEntries() {}

  /** Session entries before account entries at the same millisecond, then journal order. */
  public static final Comparator<TimelineEntry> ORDER =
      Comparator.comparingLong(TimelineEntry::atMs)
          .thenComparingInt(TimelineEntries::sourceRank)
          .thenComparingLong(TimelineEntry::sequenceNr);

  /** Session, then account, then license entries at the same millisecond. */
  private static int sourceRank(TimelineEntry e) {
    return switch (e.source()) {
      case TimelineEntry.SESSION -> 0;
      case TimelineEntry.ACCOUNT -> 1;
      default -> 2;
    };
  }

  /**
   * An event of the session's own journal.
   *
   * @param envelopeTimestampMs when the journal stored it; used only when the event has no time
   */
  public static TimelineEntry fromSessionEvent(
      Object event, long sequenceNr, long envelopeTimestampMs) {
    if (event instanceof PlaybackStarted e) {
      SessionFacts f = e.facts();
      Map<String, String> d = new LinkedHashMap<>();
      d.put("titleId", f.titleId());
      d.put("accountId", f.accountId());
      d.put("profileId", f.profileId());
      d.put("deviceId", f.device().deviceId());
      d.put("deviceType", f.device().deviceType());
      d.put("drmSecurityLevel", Integer.toString(f.device().securityLevel()));
      d.put("hdcp", String.valueOf(f.device().hdcp()));
      d.put("resumePositionMs", Long.toString(e.progress().positionMs()));
      String summary =
          "Started "
              + f.titleId()
              + " on "
              + f.device().deviceType()
              + " "
              + f.device().deviceId()
              + " (account "
              + f.accountId()
              + ", profile "
              + f.profileId()
              + ")"
              + (e.progress().positionMs() > 0
                  ? ", resuming at " + position(e.progress().positionMs())
                  : "");
      return entry(
          f.startedAtMs(),
          envelopeTimestampMs,
          TimelineEntry.SESSION,
          "started",
          summary,
          d,
          sequenceNr);
    } else if (event instanceof PlaybackStateChanged e) {
      String phase = e.phase().name();
      Map<String, String> d = new LinkedHashMap<>();
      d.put("phase", phase);
      progress(e.progress(), d);
      String summary = capitalized(lower(phase)) + " at " + position(e.progress().positionMs());
      return entry(
          e.atMs(),
          envelopeTimestampMs,
          TimelineEntry.SESSION,
          lower(phase),
          summary,
          d,
          sequenceNr);
    } else if (event instanceof PositionCheckpointed e) {
      Map<String, String> d = new LinkedHashMap<>();
      progress(e.progress(), d);
      return entry(
          e.progress().checkpointedAtMs(),
          envelopeTimestampMs,
          TimelineEntry.SESSION,
          "checkpoint",
          "Position saved at " + position(e.progress().positionMs()),
          d,
          sequenceNr);
    } else if (event instanceof PlaybackStopped e) {
      Map<String, String> d = new LinkedHashMap<>();
      d.put("reason", e.reason().name());
      progress(e.progress(), d);
      return entry(
          e.atMs(),
          envelopeTimestampMs,
          TimelineEntry.SESSION,
          "stopped",
          "Stopped (" + lower(e.reason().name()) + ") at " + position(e.progress().positionMs()),
          d,
          sequenceNr);
    } else if (event instanceof SteeringDecided e) {
      SteeringRecord r = e.decision();
      Map<String, String> d = new LinkedHashMap<>();
      d.put("trigger", r.trigger());
      d.put("networkVersion", r.networkVersion());
      d.put("clientNetwork", r.clientNetwork());
      for (int i = 0; i < r.choices().size(); i++) {
        var c = r.choices().get(i);
        d.put("choice" + (i + 1), c.pathway() + " (" + c.tier() + "): " + c.reason());
      }
      return entry(
          r.atMs(),
          envelopeTimestampMs,
          TimelineEntry.SESSION,
          "steering",
          "Steered to " + String.join(", then ", r.pathways()) + " (" + r.trigger() + ")",
          d,
          sequenceNr);
    }
    // An event type newer than this code: shown, not hidden, so the timeline never skips a step.
    return entry(
        0,
        envelopeTimestampMs,
        TimelineEntry.SESSION,
        "unknown",
        "Event " + event.getClass().getSimpleName(),
        Map.of(),
        sequenceNr);
  }

  /**
   * An event of the account's journal, when it names {@code sessionId}; empty otherwise.
   *
   * @param envelopeTimestampMs when the journal stored it; used only when the event has no time
   */
  public static Optional<TimelineEntry> fromAccountEvent(
      String sessionId, Object event, long sequenceNr, long envelopeTimestampMs) {
    if (event instanceof StreamAdmitted e && e.slot().sessionId().equals(sessionId)) {
      Slot slot = e.slot();
      Map<String, String> d = new LinkedHashMap<>();
      d.put("titleId", slot.titleId());
      d.put("profileId", slot.profileId());
      d.put("deviceId", slot.deviceId());
      d.put("leaseExpiresAtMs", Long.toString(slot.leaseExpiresAtMs()));
      // Never the termination token: whoever holds it can stop this stream.
      return Optional.of(
          entry(
              slot.startedAtMs(),
              envelopeTimestampMs,
              TimelineEntry.ACCOUNT,
              "admitted",
              "Account admitted the stream on device "
                  + slot.deviceId()
                  + " (profile "
                  + slot.profileId()
                  + ")",
              d,
              sequenceNr));
    } else if (event instanceof StreamEnded e && e.sessionId().equals(sessionId)) {
      Map<String, String> d = new LinkedHashMap<>();
      d.put("reason", e.reason().name());
      d.put("initiator", initiator(e.by()));
      d.put("initiatorKind", e.by() == null ? "" : e.by().kind().name());
      d.put("initiatorId", e.by() == null ? "" : e.by().id());
      d.put("why", e.why());
      if (e.reservedUntilMs() > 0) {
        d.put("reservedUntilMs", Long.toString(e.reservedUntilMs()));
      }
      String summary =
          "Account ended the stream ("
              + lower(e.reason().name())
              + ") by "
              + initiator(e.by())
              + (e.why().isEmpty() ? "" : ": " + e.why())
              + (e.reservedUntilMs() > 0 ? "; slot held for the profile's hand-off" : "");
      return Optional.of(
          entry(
              e.atMs(),
              envelopeTimestampMs,
              TimelineEntry.ACCOUNT,
              "stream-ended",
              summary,
              d,
              sequenceNr));
    } else if (event instanceof ReservationReleased e && e.sessionId().equals(sessionId)) {
      return Optional.of(
          entry(
              e.atMs(),
              envelopeTimestampMs,
              TimelineEntry.ACCOUNT,
              "reservation-released",
              "Account released the slot held after this stream",
              Map.of(),
              sequenceNr));
    }
    return Optional.empty();
  }

  /** The account a session belongs to, as its start entry names it. */
  public static Optional<String> accountOf(List<TimelineEntry> sessionEntries) {
    return sessionEntries.stream()
        .filter(e -> e.kind().equals("started"))
        .map(e -> e.details().get("accountId"))
        .filter(id -> id != null && !id.isEmpty())
        .findFirst();
  }

  /**
   * A journal read with a cap: at most {@code cap} items, and whether there were more. Readers ask
   * for {@code cap + 1} items so that one extra item says the journal was cut.
   */
  public record Capped<T>(List<T> items, boolean truncated) {
    public static <T> Capped<T> of(List<T> readCapPlusOne, int cap) {
      return readCapPlusOne.size() > cap
          ? new Capped<>(List.copyOf(readCapPlusOne.subList(0, cap)), true)
          : new Capped<>(List.copyOf(readCapPlusOne), false);
    }
  }

  /** Both journals' entries in one list, oldest first ({@link #ORDER}). */
  public static List<TimelineEntry> merge(
      List<TimelineEntry> sessionEntries, List<TimelineEntry> accountEntries) {
    return merge(sessionEntries, accountEntries, List.of());
  }

  /** The session's, its account's and its license ledger's entries, oldest first. */
  public static List<TimelineEntry> merge(
      List<TimelineEntry> sessionEntries,
      List<TimelineEntry> accountEntries,
      List<TimelineEntry> licenseEntries) {
    List<TimelineEntry> all =
        new ArrayList<>(sessionEntries.size() + accountEntries.size() + licenseEntries.size());
    all.addAll(sessionEntries);
    all.addAll(accountEntries);
    all.addAll(licenseEntries);
    all.sort(ORDER);
    return List.copyOf(all);
  }

  /**
   * An event of the session's license ledger: an issue, a renewal or a denial. Key ids and the
   * policy are shown; keys never reach the ledger, so they cannot reach a care view.
   *
   * @param envelopeTimestampMs when the journal stored it; used only when the event has no time
   */
  /** The device and model certificates' fingerprints, which an SRE would revoke, if any. */
  private static void putCertificates(Map<String, String> d, String device, String model) {
    if (!device.isEmpty()) {
      d.put("deviceCertificate", device);
      d.put("modelCertificate", model);
    }
  }

  public static TimelineEntry fromLicenseEvent(
      Object event, long sequenceNr, long envelopeTimestampMs) {
    if (event instanceof LicenseLedger.LicenseIssued e) {
      Map<String, String> d = new LinkedHashMap<>();
      d.put("licenseId", e.licenseId());
      d.put("format", e.format().name());
      d.put("renewal", Boolean.toString(e.renewal()));
      d.put("keyIds", String.join(",", e.keyIds()));
      if (!e.withheldKeyIds().isEmpty()) {
        d.put("withheldKeyIds", String.join(",", e.withheldKeyIds()));
      }
      d.put("trackTypes", names(e.trackTypes()));
      d.put("deviceId", e.deviceId());
      putCertificates(d, e.deviceCertificate(), e.modelCertificate());
      LicensePolicy p = e.policy();
      d.put("canPersist", Boolean.toString(p.canPersist()));
      d.put("canRenew", Boolean.toString(p.canRenew()));
      d.put("licenseDurationSeconds", Long.toString(p.licenseDurationSeconds()));
      d.put("renewalDelaySeconds", Long.toString(p.renewalDelaySeconds()));
      d.put("securityLevel", Integer.toString(p.securityLevel()));
      d.put("requiredHdcp", p.requiredHdcp().name());
      d.put("allowedTrackTypes", names(p.allowedTrackTypes()));
      String what = e.renewal() ? "renewed" : "issued";
      String summary =
          formatName(e.format())
              + " license "
              + what
              + (e.keyIds().isEmpty()
                  ? ""
                  : " with " + e.keyIds().size() + " key(s) for " + names(e.trackTypes()))
              + (e.withheldKeyIds().isEmpty()
                  ? ""
                  : "; " + e.withheldKeyIds().size() + " key(s) withheld by policy");
      return entry(
          e.atMs(),
          envelopeTimestampMs,
          TimelineEntry.LICENSE,
          "license-" + what,
          summary,
          d,
          sequenceNr);
    } else if (event instanceof LicenseLedger.LicenseDenied e) {
      Map<String, String> d = new LinkedHashMap<>();
      d.put("format", e.format().name());
      d.put("renewal", Boolean.toString(e.renewal()));
      d.put("reason", e.reason());
      d.put("detail", e.detail());
      d.put("keyIds", String.join(",", e.keyIds()));
      d.put("deviceId", e.deviceId());
      putCertificates(d, e.deviceCertificate(), e.modelCertificate());
      return entry(
          e.atMs(),
          envelopeTimestampMs,
          TimelineEntry.LICENSE,
          "license-denied",
          formatName(e.format())
              + (e.renewal() ? " renewal" : " license")
              + " denied ("
              + e.reason()
              + "): "
              + e.detail(),
          d,
          sequenceNr);
    }
    return entry(
        0,
        envelopeTimestampMs,
        TimelineEntry.LICENSE,
        "unknown",
        "Event " + event.getClass().getSimpleName(),
        Map.of(),
        sequenceNr);
  }

  private static String formatName(LicenseFormat format) {
    return switch (format) {
      case CLEAR_KEY -> "Clear Key";
      case WIDEVINE -> "Widevine-style";
      case PLAYREADY -> "PlayReady-style";
    };
  }

  private static String names(java.util.Set<TrackType> tracks) {
    return String.join(",", tracks.stream().sorted().map(Enum::name).toList());
  }

  /** {@code 3723000} as {@code 1:02:03}: how players show a position. */
  static String position(long ms) {
    long s = Math.max(0, ms) / 1000;
    return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
  }

  static String initiator(Initiator by) {
    return by == null ? "unknown" : lower(by.kind().name()) + " " + by.id();
  }

  private static void progress(Progress p, Map<String, String> d) {
    d.put("positionMs", Long.toString(p.positionMs()));
    if (p.bitrateKbps() > 0) {
      d.put("bitrateKbps", Long.toString(p.bitrateKbps()));
    }
    if (p.bufferMs() > 0) {
      d.put("bufferMs", Long.toString(p.bufferMs()));
    }
    if (!p.pathway().isEmpty()) {
      d.put("pathway", p.pathway());
    }
    if (p.lastSequenceNumber() != Progress.NO_SEQUENCE) {
      d.put("lastSequenceNumber", Long.toString(p.lastSequenceNumber()));
    }
  }

  private static TimelineEntry entry(
      long eventAtMs,
      long envelopeTimestampMs,
      String source,
      String kind,
      String summary,
      Map<String, String> details,
      long sequenceNr) {
    long atMs = eventAtMs > 0 ? eventAtMs : envelopeTimestampMs;
    return new TimelineEntry(atMs, source, kind, summary, details, sequenceNr);
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  private static String capitalized(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
