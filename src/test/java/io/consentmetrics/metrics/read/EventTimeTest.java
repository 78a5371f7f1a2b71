package io.consentmetrics.metrics.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** SPEC rule 3 (docs/spec.md R3): datetimes are instants, whatever the form they are written in. */
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

  /** Each accepted form, the instant it is read as. */
  @Test
  void everyFormOfTheGrammarIsReadAsItsExactInstant() {
    String[][] table = {
        {"2021-01-23T10:00Z", "2021-01-23T10:00:00Z"},
        {"2021-01-23T10:00+00:00", "2021-01-23T10:00:00Z"},
        {"2021-01-23T10:00", "2021-01-23T10:00:00Z"},
        {"2021-01-23t10:00:00z", "2021-01-23T10:00:00Z"},
        {"2021-01-23t10:00:00Z", "2021-01-23T10:00:00Z"},
        {"2021-01-23T10:00:00,5Z", "2021-01-23T10:00:00.500Z"},
        {"2021-01-23T10:00:00.5", "2021-01-23T10:00:00.500Z"},
        {"2021-01-23T10:00:00.1234567891Z", "2021-01-23T10:00:00.123456Z"},
        {"2021-01-23T10:00:00.123456789123456789+01:00", "2021-01-23T09:00:00.123456Z"},
        {"2021-01-23T10:00:00.000000999Z", "2021-01-23T10:00:00Z"},
        {"2021-12-31T23:59:60Z", "2021-12-31T23:59:59Z"},
        {"2021-12-31T23:59:60.25Z", "2021-12-31T23:59:59.250Z"},
        {"2016-12-31T18:59:60-05:00", "2016-12-31T23:59:59Z"},
        {"2021-01-23T10:00+0130", "2021-01-23T08:30:00Z"},
        {"2021-01-23T10:00:00-01", "2021-01-23T11:00:00Z"},
        {"2021-01-23T10:00:00-00:00", "2021-01-23T10:00:00Z"},
        {"2021-01-23T00:30:00+23:59", "2021-01-22T00:31:00Z"},
        {"2020-02-29T00:00:00Z", "2020-02-29T00:00:00Z"},
    };
    for (String[] row : table) {
      assertEquals(micros(row[1]), EventTime.toMicros(row[0]), row[0]);
    }
  }

  @Test
  void anythingElseIsNoDatetime() {
    for (String text : new String[] {null, "", "yesterday", "2021-01-23", "2021-01-23 10:30",
        "2021-01-23 10:30:00Z", "2021-01-23 24:00:00", "2021-02-29 10:00:00", "2021/01/23 10:30:00",
        "2021-01-23x10:30:00", "2021-01-23T10:30:00+25:00", " 2021-01-23 10:30:00",
        "20210123T100000Z", "2021-01-23T10", "2021-01-23T10:00:", "2021-01-23T10:00.5Z", "2021-01-23T10:00:00.Z",
        "2021-01-23T10:00:61Z", "2021-01-23T24:00:00Z", "2021-01-23T10:60Z", "2021-01-23T10:00:00+01:",
        "2021-01-23T10:00:00+1", "2021-01-23T10:00:00+01:60", "2021-01-23T10:00:00Zx", "2021-01-23T10:00:00 Z",
        "2021-01-23T10:00:00Z ", "2021-02-30T10:00:00Z", "2021-1-23T10:00:00Z", "2021-01-23 10:00:60"}) {
      assertNull(EventTime.toMicros(text), text);
    }
  }
}
