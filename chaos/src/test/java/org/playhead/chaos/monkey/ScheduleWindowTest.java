package org.playhead.chaos.monkey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Instant;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class ScheduleWindowTest {
  // 2026-01-05 is a Monday.
  private final ScheduleWindow weekdays = ScheduleWindow.parse("MON-FRI 09:00-15:00");

  @Test
  void weekdaysDuringWorkingHoursOnly() {
    assertEquals(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), weekdays.days());
    assertTrue(weekdays.contains(Instant.parse("2026-01-05T09:00:00Z")));
    assertTrue(weekdays.contains(Instant.parse("2026-01-09T14:59:59Z")));
    assertFalse(weekdays.contains(Instant.parse("2026-01-05T15:00:00Z")));
    assertFalse(weekdays.contains(Instant.parse("2026-01-05T08:59:59Z")));
    assertFalse(weekdays.contains(Instant.parse("2026-01-10T10:00:00Z")), "Saturday");
  }

  @Test
  void nextOpeningSkipsNightsAndWeekends() {
    assertEquals(
        Instant.parse("2026-01-06T09:00:00Z"),
        weekdays.nextOpening(Instant.parse("2026-01-05T15:30:00Z")));
    assertEquals(
        Instant.parse("2026-01-12T09:00:00Z"),
        weekdays.nextOpening(Instant.parse("2026-01-09T16:00:00Z")),
        "Friday evening -> Monday");
    assertEquals(
        Instant.parse("2026-01-05T09:00:00Z"),
        weekdays.nextOpening(Instant.parse("2026-01-05T02:00:00Z")));
    Instant inside = Instant.parse("2026-01-05T10:00:00Z");
    assertEquals(inside, weekdays.nextOpening(inside));
  }

  @Test
  void zonesListsAndAlways() {
    ScheduleWindow paris = ScheduleWindow.parse("MON,WED 09:00-10:00 Europe/Paris");
    assertTrue(paris.contains(Instant.parse("2026-01-05T08:30:00Z")), "09:30 in Paris in winter");
    assertFalse(paris.contains(Instant.parse("2026-01-06T08:30:00Z")), "Tuesday");
    assertTrue(ScheduleWindow.parse("always").contains(Instant.parse("2026-01-10T03:00:00Z")));
    assertEquals("always", ScheduleWindow.always().toString());
    assertEquals(
        ScheduleWindow.parse("SAT-MON 00:00-01:00").days(),
        EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY, DayOfWeek.MONDAY));
  }

  @Test
  void refusesNonsense() {
    for (String bad :
        new String[] {
          "",
          "weekdays",
          "MON-FRI",
          "MON-FRI 15:00-09:00",
          "XYZ 09:00-10:00",
          "MON 9-10",
          "MON 09:00-10:00 Mars/Olympus",
          "MON 09:00-10:00 UTC extra"
        }) {
      assertThrows(IllegalArgumentException.class, () -> ScheduleWindow.parse(bad), bad);
    }
  }
}
