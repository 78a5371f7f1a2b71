package io.consentmetrics.metrics.read;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Reads an event's {@code datetime} as an instant (SPEC rule 3): {@code yyyy-MM-dd HH:mm:ss} in UTC,
 * or ISO-8601 with a {@code T}, optional fractions and {@code Z} or an offset (UTC when it has none).
 * Comparing the text instead would put {@code 10:30} before {@code 10:00Z} ({@code ' ' < 'T'}).
 */
public final class EventTime {
  private EventTime() {}

  private static final int SPACE_FORM_LENGTH = "yyyy-MM-dd HH:mm:ss".length();
  private static final int DATE_LENGTH = "yyyy-MM-dd".length();

  /** Microseconds since the epoch (Spark's timestamp unit), or null when the text is no datetime. */
  public static Long toMicros(String text) {
    if (text == null || text.length() < SPACE_FORM_LENGTH) {
      return null;
    }
    try {
      if (text.length() == SPACE_FORM_LENGTH && text.charAt(DATE_LENGTH) == ' ') {
        return micros(spaceForm(text).toInstant(ZoneOffset.UTC).getEpochSecond(), 0);
      }
      if (text.charAt(DATE_LENGTH) == 'T') {
        return iso(text);
      }
    } catch (DateTimeException | NumberFormatException e) {
      return null;
    }
    return null;
  }

  /**
   * The common form, read without a formatter: this runs once per event. {@link LocalDateTime#of}
   * rejects impossible values (month 13, February 30, hour 24).
   */
  private static LocalDateTime spaceForm(String t) {
    if (t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(13) != ':' || t.charAt(16) != ':') {
      throw new DateTimeException("not yyyy-MM-dd HH:mm:ss");
    }
    return LocalDateTime.of(
        digits(t, 0, 4), digits(t, 5, 7), digits(t, 8, 10),
        digits(t, 11, 13), digits(t, 14, 16), digits(t, 17, 19));
  }

  private static int digits(String t, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        throw new NumberFormatException(t);
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static Long iso(String text) {
    char last = text.charAt(text.length() - 1);
    boolean hasZone = last == 'Z' || last == 'z' || text.indexOf('+', DATE_LENGTH) > 0
        || text.indexOf('-', DATE_LENGTH) > 0;
    if (hasZone) {
      OffsetDateTime t = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
      return micros(t.toEpochSecond(), t.getNano());
    }
    LocalDateTime t = LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME);
    return micros(t.toEpochSecond(ZoneOffset.UTC), t.getNano());
  }

  private static long micros(long epochSecond, int nanos) {
    return Math.addExact(Math.multiplyExact(epochSecond, 1_000_000L), nanos / 1_000L);
  }
}
