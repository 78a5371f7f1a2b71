package io.consentmetrics.jobs.metrics;

import static io.consentmetrics.testing.Fixtures.event;
import static io.consentmetrics.testing.Fixtures.line;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.consentmetrics.testing.Fixtures;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The run's counts: every line read is rejected, a duplicate, of unknown type, or counted. */
class AccountingTest {
  private static final String H10 = "2021-01-23-10";
  private static final String H11 = "2021-01-23-11";

  @Test
  void everyLineIsAccountedForExactlyOnce() {
    String token = Fixtures.CONSENT_TOKEN;
    String first = event("e1", "2021-01-23 10:00:00", "pageview", "a.com", "u1", "FR", token);
    Dataset<Row> classified =
        Fixtures.lines(
                line(H10, first),
                line(H11, first), // duplicate of e1, delivered again an hour later
                line(H10, "{truncated"), // malformed
                line(H10, event(null, "2021-01-23 10:00:00", "pageview", "a.com", "u1", "FR", token)),
                line(H10, event("e2", "2021-01-23 10:00:00", "click", "a.com", "u1", "FR", token)),
                line(H10, event("e5", "2021-01-23 10:00:00", "Pageview", "a.com", "u1", "FR", token)),
                line(H10, event("e3", "2021-01-23 09:59:00", "consent.given", "a.com", "u1", "FR", "{x")),
                line(H11, event("e4", "2021-01-23 11:00:00", "pageview", "a.com", "u2", "FR", null)))
            .transform(EventParser::parse)
            .transform(Validation::classify);
    Row lines = Accounting.lines(classified).first();
    Row events =
        Accounting.events(
                classified
                    .transform(Validation::dropRejected)
                    .transform(Dedup::firstDelivery)
                    .transform(Consent::flag)
                    .transform(Lateness::flag))
            .first();

    assertEquals(8L, lines.<Long>getAs(Accounting.LINES_READ));
    assertEquals(1L, lines.<Long>getAs(Validation.MALFORMED_JSON));
    assertEquals(1L, lines.<Long>getAs(Validation.MISSING_ID));
    assertEquals(5L, events.<Long>getAs(Accounting.EVENTS_DEDUPLICATED)); // 6 accepted, 1 duplicate
    assertEquals(2L, events.<Long>getAs(Accounting.UNKNOWN_TYPE)); // click, Pageview
    assertEquals(3L, events.<Long>getAs(Accounting.EVENTS_COUNTED));
    assertEquals(1L, events.<Long>getAs(Accounting.INVALID_TOKEN));
    assertEquals(1L, events.<Long>getAs(Accounting.LATE_EVENTS));
  }
}
