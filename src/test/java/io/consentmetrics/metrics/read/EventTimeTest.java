package io.consentmetrics.metrics.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** SPEC rule 3: datetimes are instants, whatever the form they are written in. */
class EventTimeTest {
  private static long micros(String instant) {
    Instant i = Instant.parse(instant);
    return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
  }

  @Test
  void theSpaceFormIsUtc() {
    assertEquals(micros("2021-01-23T10:23:51Z"), EventTime.toMicros("2021-01-23 10:23:51"));
  }

  @Test
  void isoFormsWithFractionsZuluOrOffsetsAreTheSameInstant() {
    long tenThirty = micros("2021-01-23T10:30:00Z");
    assertEquals(tenThirty, EventTime.toMicros("2021-01-23T10:30:00Z"));
    assertEquals(tenThirty, EventTime.toMicros("2021-01-23T10:30:00"));
    assertEquals(tenThirty, EventTime.toMicros("2021-01-23T11:30:00+01:00"));
    assertEquals(tenThirty, EventTime.toMicros("2021-01-23T05:30:00-05:00"));
    assertEquals(tenThirty + 123_456, EventTime.toMicros("2021-01-23T10:30:00.123456Z"));
    assertEquals(tenThirty + 500_000, EventTime.toMicros("2021-01-23T10:30:00.5Z"));
  }

  @Test
  void anythingElseIsNoDatetime() {
    for (String text : new String[] {null, "", "yesterday", "2021-01-23", "2021-01-23 10:30",
        "2021-01-23 10:30:00Z", "2021-01-23 24:00:00", "2021-02-29 10:00:00", "2021/01/23 10:30:00",
        "2021-01-23x10:30:00", "2021-01-23T10:30:00+25:00", " 2021-01-23 10:30:00"}) {
      assertNull(EventTime.toMicros(text), text);
    }
  }
}
