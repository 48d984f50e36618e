package org.playhead.chaos.monkey;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * When the monkey may kill: some days of the week, between two times of day, in a time zone (Chaos
 * Monkey's default is weekdays 09:00-15:00, when engineers are at work to respond). Written as
 * {@code always} or {@code MON-FRI 09:00-15:00} (optionally followed by a zone id, else UTC); days
 * as a range or a list ({@code MON,WED,FRI}).
 */
public record ScheduleWindow(Set<DayOfWeek> days, LocalTime from, LocalTime to, ZoneId zone) {

  public ScheduleWindow {
    days = days.isEmpty() ? EnumSet.noneOf(DayOfWeek.class) : EnumSet.copyOf(days);
    if (days.isEmpty()) {
      throw new IllegalArgumentException("a window needs at least one day");
    }
    if (!from.isBefore(to) && !(from.equals(LocalTime.MIN) && to.equals(LocalTime.MIN))) {
      throw new IllegalArgumentException("a window's start must be before its end (same day)");
    }
  }

  /** Every day, all day. */
  public static ScheduleWindow always() {
    return new ScheduleWindow(
        EnumSet.allOf(DayOfWeek.class), LocalTime.MIN, LocalTime.MIN, ZoneId.of("UTC"));
  }

  public boolean isAlways() {
    return days.size() == 7 && from.equals(LocalTime.MIN) && to.equals(LocalTime.MIN);
  }

  public boolean contains(Instant t) {
    if (isAlways()) {
      return true;
    }
    ZonedDateTime local = t.atZone(zone);
    LocalTime time = local.toLocalTime();
    return days.contains(local.getDayOfWeek()) && !time.isBefore(from) && time.isBefore(to);
  }

  /** {@code t} if inside the window, else the window's next opening. */
  public Instant nextOpening(Instant t) {
    if (contains(t)) {
      return t;
    }
    ZonedDateTime local = t.atZone(zone);
    for (int day = 0; day <= 7; day++) {
      ZonedDateTime candidate = local.toLocalDate().plusDays(day).atTime(from).atZone(zone);
      if (days.contains(candidate.getDayOfWeek()) && candidate.toInstant().isAfter(t)) {
        return candidate.toInstant();
      }
    }
    throw new IllegalStateException("no opening within a week"); // days is never empty
  }

  public static ScheduleWindow parse(String text) {
    String trimmed = text == null ? "" : text.trim();
    if (trimmed.equalsIgnoreCase("always")) {
      return always();
    }
    String[] parts = trimmed.split("\\s+");
    if (parts.length < 2 || parts.length > 3) {
      throw new IllegalArgumentException(
          "a window is 'always' or like 'MON-FRI 09:00-15:00 [Europe/Paris]', got '" + text + "'");
    }
    Set<DayOfWeek> days = days(parts[0]);
    String[] times = parts[1].split("-");
    if (times.length != 2) {
      throw new IllegalArgumentException(
          "window times are like 09:00-15:00, got '" + parts[1] + "'");
    }
    try {
      ZoneId zone = parts.length == 3 ? ZoneId.of(parts[2]) : ZoneId.of("UTC");
      return new ScheduleWindow(days, LocalTime.parse(times[0]), LocalTime.parse(times[1]), zone);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "window times are like 09:00-15:00, got '" + parts[1] + "'");
    } catch (java.time.DateTimeException e) {
      throw new IllegalArgumentException("unknown time zone '" + parts[2] + "'");
    }
  }

  private static Set<DayOfWeek> days(String text) {
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (String item : text.split(",")) {
      String[] range = item.split("-");
      if (range.length == 1) {
        days.add(day(range[0]));
      } else if (range.length == 2) {
        DayOfWeek d = day(range[0]);
        DayOfWeek last = day(range[1]);
        days.add(d);
        while (d != last) {
          d = d.plus(1);
          days.add(d);
        }
      } else {
        throw new IllegalArgumentException("days are like MON-FRI or MON,WED, got '" + text + "'");
      }
    }
    return days;
  }

  private static DayOfWeek day(String text) {
    for (DayOfWeek d : DayOfWeek.values()) {
      if (d.name().substring(0, 3).equalsIgnoreCase(text)) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        "a day is MON, TUE, WED, THU, FRI, SAT or SUN, got '" + text + "'");
  }

  @Override
  public String toString() {
    if (isAlways()) {
      return "always";
    }
    return days.stream().map(d -> d.name().substring(0, 3)).toList()
        + " "
        + from
        + "-"
        + to
        + " "
        + zone.getId().toUpperCase(Locale.ROOT);
  }
}
