package org.playhead.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResult;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.playhead.session.ProfileBookmarks.Bookmark;
import org.playhead.session.ProfileBookmarks.BookmarkView;
import org.playhead.session.ProfileBookmarks.Command;
import org.playhead.session.ProfileBookmarks.ContinueWatching;
import org.playhead.session.ProfileBookmarks.Event;
import org.playhead.session.ProfileBookmarks.PositionRecorded;
import org.playhead.session.ProfileBookmarks.RecordPosition;
import org.playhead.session.ProfileBookmarks.Recorded;
import org.playhead.session.ProfileBookmarks.ResumePosition;
import org.playhead.session.ProfileBookmarks.State;
import org.playhead.session.ProfileBookmarks.TitleFinished;
import org.playhead.session.serialization.BookmarkEventSerializer;

class ProfileBookmarksTest {
  private static final ActorTestKit testKit =
      ActorTestKit.create(
          EventSourcedBehaviorTestKit.config()
              .withFallback(ConfigFactory.parseResources("serialization.conf")));

  private static final BookmarkSettings SETTINGS =
      new BookmarkSettings(500, 100, Duration.ofSeconds(60), Duration.ofMinutes(2));

  private static final long T0 = 1_700_000_000_000L;

  private final ManualClock clock = new ManualClock(T0 + 3_600_000);

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private EventSourcedBehaviorTestKit<Command, Event, State> bookmarks(BookmarkSettings settings) {
    return EventSourcedBehaviorTestKit.create(
        testKit.system(),
        ProfileBookmarks.create("p-" + UUID.randomUUID(), settings, clock),
        EventSourcedBehaviorTestKit.enabledSerializationSettings().withVerifyEquality(true));
  }

  private static RecordPosition report(
      String title, long positionMs, long observedAtMs, String device, boolean finished) {
    return new RecordPosition(title, positionMs, observedAtMs, "s-" + device, device, finished);
  }

  private static CommandResult<Command, Event, State> tell(
      EventSourcedBehaviorTestKit<Command, Event, State> entity, RecordPosition report) {
    return entity.runCommand(report);
  }

  private static long resume(EventSourcedBehaviorTestKit<Command, Event, State> entity, String t) {
    ResumePosition r =
        entity
            .<ResumePosition>runCommand(replyTo -> new ProfileBookmarks.GetResume(t, replyTo))
            .reply();
    assertEquals(t, r.titleId());
    return r.positionMs();
  }

  private static List<BookmarkView> continueWatching(
      EventSourcedBehaviorTestKit<Command, Event, State> entity, int limit) {
    return entity
        .<ContinueWatching>runCommand(
            replyTo -> new ProfileBookmarks.GetContinueWatching(limit, replyTo))
        .reply()
        .titles();
  }

  @Test
  void aToldPositionIsPersistedOnceAndResumedFrom() {
    var entity = bookmarks(SETTINGS);
    assertEquals(0, resume(entity, "title-42"), "an unknown title starts at 0");

    var recorded = tell(entity, report("title-42", 61_000, T0, "tv-1", false));
    assertEquals(
        new PositionRecorded(
            new Bookmark("title-42", 61_000, T0, "s-tv-1", "tv-1", false), List.of()),
        recorded.event());
    assertEquals(61_000, resume(entity, "title-42"));

    var repeated = tell(entity, report("title-42", 61_000, T0, "tv-1", false));
    assertTrue(repeated.hasNoEvents(), "a repeated report is a no-op");
    assertEquals(recorded.state(), repeated.state());
  }

  @Test
  void theLaterObservationWinsWhicheverDeviceReportsFirst() {
    RecordPosition tvLater = report("title-42", 600_000, T0 + 10_000, "tv-1", false);
    RecordPosition phoneEarlier = report("title-42", 900_000, T0, "phone-1", false);

    var inOrder = bookmarks(SETTINGS);
    assertFalse(tell(inOrder, phoneEarlier).hasNoEvents());
    assertFalse(tell(inOrder, tvLater).hasNoEvents(), "a newer observation replaces an older one");

    var reversed = bookmarks(SETTINGS);
    assertFalse(tell(reversed, tvLater).hasNoEvents());
    var slow = tell(reversed, phoneEarlier);
    assertTrue(slow.hasNoEvents(), "a slow device's older report never overwrites a newer one");

    assertEquals(inOrder.getState(), reversed.getState());
    assertEquals(600_000, resume(reversed, "title-42"));
    assertEquals("tv-1", reversed.getState().get("title-42").deviceId());
  }

  @Test
  void atEqualObservationTimesTheLargerPositionWins() {
    RecordPosition smaller = report("title-42", 10_000, T0, "tv-1", false);
    RecordPosition larger = report("title-42", 20_000, T0, "phone-1", false);

    var a = bookmarks(SETTINGS);
    tell(a, smaller);
    assertFalse(tell(a, larger).hasNoEvents());
    var b = bookmarks(SETTINGS);
    tell(b, larger);
    assertTrue(tell(b, smaller).hasNoEvents());
    assertEquals(a.getState(), b.getState());
    assertEquals(20_000, resume(b, "title-42"));
  }

  @Test
  void aFinishedTitleLeavesContinueWatchingResumesAtZeroAndCanBeWatchedAgain() {
    var entity = bookmarks(SETTINGS);
    tell(entity, report("title-1", 5_000, T0, "tv-1", false));
    tell(entity, report("title-42", 3_000_000, T0 + 1_000, "tv-1", false));

    var finished = tell(entity, report("title-42", 5_400_000, T0 + 2_000, "tv-1", true));
    var event = assertInstanceOf(TitleFinished.class, finished.event());
    assertTrue(event.bookmark().finished());
    assertEquals(0, resume(entity, "title-42"));
    assertEquals(
        List.of("title-1"),
        continueWatching(entity, 10).stream().map(BookmarkView::titleId).toList());

    var late = tell(entity, report("title-42", 3_100_000, T0 + 1_500, "phone-1", false));
    assertTrue(late.hasNoEvents(), "an older checkpoint from another device cannot revive it");
    assertEquals(0, resume(entity, "title-42"));

    var again = tell(entity, report("title-42", 30_000, T0 + 60_000, "phone-1", false));
    assertInstanceOf(PositionRecorded.class, again.event());
    assertEquals(30_000, resume(entity, "title-42"));
    assertEquals("title-42", continueWatching(entity, 10).get(0).titleId());
  }

  @Test
  void continueWatchingIsMostRecentFirstAndLimited() {
    var entity = bookmarks(SETTINGS);
    tell(entity, report("title-a", 1_000, T0 + 2_000, "tv-1", false));
    tell(entity, report("title-b", 2_000, T0 + 4_000, "phone-1", false));
    tell(entity, report("title-c", 3_000, T0 + 1_000, "tv-1", false));
    tell(entity, report("title-d", 4_000, T0 + 3_000, "tablet-1", false));

    assertEquals(
        List.of(
            new BookmarkView("title-b", 2_000, "phone-1", "s-phone-1", T0 + 4_000, false),
            new BookmarkView("title-d", 4_000, "tablet-1", "s-tablet-1", T0 + 3_000, false)),
        continueWatching(entity, 2));
    assertEquals(
        List.of("title-b", "title-d", "title-a", "title-c"),
        continueWatching(entity, 50).stream().map(BookmarkView::titleId).toList());
    assertEquals(List.of(), continueWatching(entity, 0));
    assertEquals(List.of(), continueWatching(entity, -1));
  }

  @Test
  void aFullProfileEvictsItsLeastRecentlyWatchedTitle() {
    var entity =
        bookmarks(new BookmarkSettings(3, 100, Duration.ofSeconds(60), Duration.ofMinutes(2)));
    tell(entity, report("title-a", 1_000, T0 + 1_000, "tv-1", false));
    tell(entity, report("title-b", 2_000, T0 + 2_000, "tv-1", false));
    tell(entity, report("title-c", 3_000, T0 + 3_000, "tv-1", false));

    var update = tell(entity, report("title-a", 1_500, T0 + 4_000, "tv-1", false));
    assertEquals(List.of(), update.event().evictedTitleIds(), "a known title fits");

    var fourth = tell(entity, report("title-d", 4_000, T0 + 5_000, "tv-1", false));
    assertEquals(List.of("title-b"), fourth.event().evictedTitleIds());
    assertEquals(3, fourth.state().size());
    assertNull(fourth.state().get("title-b"));
    assertEquals(0, resume(entity, "title-b"));

    var tooOld = tell(entity, report("title-e", 9_000, T0, "tv-1", false));
    assertTrue(tooOld.hasNoEvents(), "a title older than all kept ones does not enter");
    assertEquals(3, entity.getState().size());
  }

  @Test
  void restartRecoversTheSameStateFromEventsAndSnapshots() {
    var entity =
        bookmarks(new BookmarkSettings(3, 2, Duration.ofSeconds(60), Duration.ofMinutes(2)));
    tell(entity, report("title-a", 1_000, T0 + 1_000, "tv-1", false));
    tell(entity, report("title-b", 2_000, T0 + 2_000, "phone-1", false));
    tell(entity, report("title-a", 9_000, T0 + 3_000, "phone-1", true));
    tell(entity, report("title-c", 3_000, T0 + 4_000, "tv-1", false));
    tell(entity, report("title-d", 4_000, T0 + 5_000, "tv-1", false)); // evicts title-b
    State before = entity.getState();

    var restarted = entity.restart();
    assertEquals(before, restarted.state());
    assertEquals(0, resume(entity, "title-a"));
    assertEquals(
        List.of("title-d", "title-c"),
        continueWatching(entity, 10).stream().map(BookmarkView::titleId).toList());
  }

  @Test
  void anAskedReportIsAnsweredAppliedOrNotAndBadInputIsAnError() {
    var entity = bookmarks(SETTINGS);
    RecordPosition first = report("title-42", 61_000, T0, "tv-1", false);
    var applied =
        entity.<StatusReply<Recorded>>runCommand(
            r -> new ProfileBookmarks.RecordPositionAndReply(first, r));
    assertEquals(1, applied.events().size());
    assertTrue(applied.reply().getValue().applied());
    assertEquals(61_000, applied.reply().getValue().current().positionMs());

    RecordPosition older = report("title-42", 1_000, T0 - 1, "phone-1", false);
    var rejected =
        entity.<StatusReply<Recorded>>runCommand(
            r -> new ProfileBookmarks.RecordPositionAndReply(older, r));
    assertTrue(rejected.hasNoEvents());
    assertFalse(rejected.reply().getValue().applied());
    assertEquals("tv-1", rejected.reply().getValue().current().deviceId());

    for (RecordPosition bad :
        List.of(
            report("", 1_000, T0, "tv-1", false),
            report("title-42", -1, T0, "tv-1", false),
            report("title-42", 1_000, 0, "tv-1", false),
            report("title-42", 1_000, clock.millis() + 61_000, "tv-1", false))) {
      var error =
          entity.<StatusReply<Recorded>>runCommand(
              r -> new ProfileBookmarks.RecordPositionAndReply(bad, r));
      assertTrue(error.hasNoEvents());
      assertTrue(error.reply().isError(), bad.toString());
      assertTrue(tell(entity, bad).hasNoEvents(), "a bad told report is dropped: " + bad);
    }
    assertEquals(61_000, resume(entity, "title-42"));
  }

  @Test
  void repliesRoundTripThroughTheClusterSerializer() {
    BookmarkView view = new BookmarkView("title-42", 61_000, "tv-1", "s-1", T0, false);
    var serialization = testKit.serializationTestKit();
    serialization.verifySerialization(new ResumePosition("title-42", 61_000), true);
    serialization.verifySerialization(new ContinueWatching(List.of(view, view)), true);
    serialization.verifySerialization(new Recorded(true, "", view), true);
    serialization.verifySerialization(
        new Recorded(false, "older than every title kept", null), true);
    serialization.verifySerialization(StatusReply.success(new Recorded(true, "", view)), true);
  }

  @Test
  void eventsAndStateAreBoundToTheBookmarkSerializer() {
    var serialization = SerializationExtension.get(testKit.system());
    Bookmark b = new Bookmark("title-42", 1, T0, "s-1", "tv-1", false);
    assertEquals(
        BookmarkEventSerializer.IDENTIFIER,
        serialization.findSerializerFor(new PositionRecorded(b, List.of())).identifier());
    assertEquals(
        BookmarkEventSerializer.IDENTIFIER,
        serialization.findSerializerFor(State.of(List.of(b))).identifier());
  }

  @Test
  void settingsAreReadFromPlayheadConf() {
    assertEquals(
        new BookmarkSettings(500, 100, Duration.ofSeconds(60), Duration.ofMinutes(2)),
        BookmarkSettings.fromConfig(ConfigFactory.parseResources("playhead.conf").resolve()));
  }

  @Test
  void anUnknownOrMissingTitleResumesAtZero() {
    var entity = bookmarks(SETTINGS);
    var reply =
        entity.<ResumePosition>runCommand(r -> new ProfileBookmarks.GetResume(null, r)).reply();
    assertEquals(0, reply.positionMs());
  }

  @Test
  void theRaceRuleIsATotalOrder() {
    Bookmark base = new Bookmark("t", 10_000, T0, "s-1", "tv-1", false);
    Bookmark later = new Bookmark("t", 1_000, T0 + 1, "s-2", "phone-1", false);
    Bookmark further = new Bookmark("t", 11_000, T0, "s-2", "phone-1", false);
    Bookmark finished = new Bookmark("t", 10_000, T0, "s-1", "tv-1", true);
    assertTrue(later.supersedes(base) && !base.supersedes(later));
    assertTrue(further.supersedes(base) && !base.supersedes(further));
    assertTrue(finished.supersedes(base) && !base.supersedes(finished));
    assertFalse(base.supersedes(base));
  }
}
