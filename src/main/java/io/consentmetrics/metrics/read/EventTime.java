package io.consentmetrics.metrics.read;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * Reads an event's {@code datetime} as an instant (SPEC rule 3, docs/spec.md rule R3). One grammar,
 * read by hand in one pass (this runs once per event):
 *
 * <pre>
 *   datetime = date " " hh ":" mm ":" ss                        ; the space form, UTC, exactly so
 *            | date ("T" | "t") hh ":" mm [":" ss [frac]] [zone]  ; RFC 3339, no zone = UTC
 *   date     = yyyy "-" MM "-" dd      ; a real day of the calendar
 *   frac     = ("." | ",") 1*DIGIT     ; digits beyond microseconds are dropped
 *   zone     = "Z" | "z" | ("+" | "-") hh [[":"] mm]   ; an offset up to 23:59
 *   hh = 00-23, mm = 00-59, ss = 00-60
 * </pre>
 *
 * A leap second ({@code :60}, which RFC 3339 allows) is read as {@code :59} with its fraction, so it
 * never moves an event into the next minute, hour or day. Anything else, the basic ISO form ({@code
 * 20210123T100000Z}) included, is no datetime. Comparing the text instead would put {@code 10:30}
 * before {@code 10:00Z} ({@code ' ' < 'T'}).
 */
public final class EventTime {
  private EventTime() {}

  private static final int SPACE_FORM_LENGTH = "yyyy-MM-dd HH:mm:ss".length();
  private static final int DATE_LENGTH = "yyyy-MM-dd".length();
  private static final int MICROS_DIGITS = 6;

  /** Microseconds since the epoch (Spark's timestamp unit), or null when the text is no datetime. */
  public static Long toMicros(String text) {
    if (text == null || text.length() < "yyyy-MM-ddTHH:mm".length()) {
      return null;
    }
    try {
      char separator = text.charAt(DATE_LENGTH);
      if (separator == ' ') {
        return text.length() == SPACE_FORM_LENGTH ? new Reader(text).spaceForm() : null;
      }
      return separator == 'T' || separator == 't' ? new Reader(text).isoForm() : null;
    } catch (DateTimeException | NumberFormatException e) {
      return null;
    }
  }

  /** A cursor over the text; every mismatch throws, so a partial read is never a value. */
  private static final class Reader {
    private final String t;
    private int at;

    Reader(String t) {
      this.t = t;
    }

    long spaceForm() {
      long day = date();
      expect(' ');
      return micros(day, clock(), 0);
    }

    long isoForm() {
      long day = date();
      at++; // T or t, checked by the caller
      int hour = number(2, 23);
      expect(':');
      int minute = number(2, 59);
      int second = 0;
      long fraction = 0;
      if (next(':')) {
        second = Math.min(number(2, 60), 59);
        if (next('.') || next(',')) {
          fraction = fractionMicros();
        }
      }
      long offsetSeconds = zone();
      if (at != t.length()) {
        throw new DateTimeException("trailing text");
      }
      return micros(day, hour * 3600 + minute * 60 + second - offsetSeconds, fraction);
    }

    /** yyyy-MM-dd as days since the epoch; {@link LocalDate#of} rejects February 30. */
    private long date() {
      int[] ymd = three('-', 4, 9999, 2, 12, 2, 31);
      return LocalDate.of(ymd[0], ymd[1], ymd[2]).toEpochDay();
    }

    /** Three numbers of the given widths and maxima, {@code separator} between them. */
    private int[] three(char separator, int width1, int max1, int width2, int max2, int width3, int max3) {
      int first = number(width1, max1);
      expect(separator);
      int second = number(width2, max2);
      expect(separator);
      return new int[] {first, second, number(width3, max3)};
    }

    /** HH:mm:ss as seconds into the day. */
    private long clock() {
      int[] hms = three(':', 2, 23, 2, 59, 2, 59);
      int hour = hms[0];
      int minute = hms[1];
      int second = hms[2];
      if (at != t.length()) {
        throw new DateTimeException("trailing text");
      }
      return hour * 3600L + minute * 60L + second;
    }

    private long fractionMicros() {
      int start = at;
      long micros = 0;
      while (at < t.length() && isDigit(t.charAt(at))) {
        if (at - start < MICROS_DIGITS) {
          micros = micros * 10 + (t.charAt(at) - '0');
        }
        at++;
      }
      if (at == start) {
        throw new DateTimeException("no digits after the decimal mark");
      }
      for (int digits = at - start; digits < MICROS_DIGITS; digits++) {
        micros *= 10;
      }
      return micros;
    }

    /** The zone's offset east of UTC in seconds: 0 for none, Z or z. */
    private long zone() {
      if (at == t.length() || next('Z') || next('z')) {
        return 0;
      }
      int sign = next('+') ? 1 : next('-') ? -1 : 0;
      if (sign == 0) {
        throw new DateTimeException("not a zone");
      }
      int hours = number(2, 23);
      int minutes = 0;
      if (at < t.length()) {
        next(':');
        minutes = number(2, 59);
      }
      return sign * (hours * 3600L + minutes * 60L);
    }

    private int number(int digits, int max) {
      if (at + digits > t.length()) {
        throw new DateTimeException("too short");
      }
      int value = 0;
      for (int end = at + digits; at < end; at++) {
        char c = t.charAt(at);
        if (!isDigit(c)) {
          throw new NumberFormatException(t);
        }
        value = value * 10 + (c - '0');
      }
      if (value > max) {
        throw new DateTimeException("out of range");
      }
      return value;
    }

    private boolean next(char c) {
      if (at < t.length() && t.charAt(at) == c) {
        at++;
        return true;
      }
      return false;
    }

    private void expect(char c) {
      if (!next(c)) {
        throw new DateTimeException("expected " + c);
      }
    }

    private static boolean isDigit(char c) {
      return c >= '0' && c <= '9';
    }
  }

  private static long micros(long epochDay, long secondOfDay, long fractionMicros) {
    long seconds = Math.addExact(Math.multiplyExact(epochDay, 86_400L), secondOfDay);
    return Math.addExact(Math.multiplyExact(seconds, 1_000_000L), fractionMicros);
  }
}
