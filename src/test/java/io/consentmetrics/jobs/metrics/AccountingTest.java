package io.consentmetrics.jobs.metrics;

import static io.consentmetrics.testing.Fixtures.event;
import static io.consentmetrics.testing.Fixtures.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consentmetrics.common.Observations;
import io.consentmetrics.testing.Fixtures;
import io.consentmetrics.testing.SharedSpark;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The run's counts, measured while the metrics are computed: every line read is rejected, a
 * duplicate, of unknown type, or counted, each counted on its own.
 */
class AccountingTest {
  private static final String H10 = "2021-01-23-10";
  private static final String H11 = "2021-01-23-11";

  private static Accounting.Counts countsOf(Row... lines) {
    Observations.Observed<?> run =
        Observations.run(
            SharedSpark.session(), () -> MetricsJob.metricsOf(Fixtures.lines(lines).transform(EventParser::parse)).collectAsList());
    return Accounting.Counts.of(run.metrics());
  }

  @Test
  void everyLineIsAccountedForExactlyOnce() {
    String token = Fixtures.CONSENT_TOKEN;
    String first = event("e1", "2021-01-23 10:00:00", "pageview", "a.com", "u1", "FR", token);
    Accounting.Counts counts =
        countsOf(
            line(H10, first),
            line(H11, first), // duplicate of e1, delivered again an hour later
            line(H11, first), // and once more
            line(H10, "{truncated"), // malformed
            line(H10, event(null, "2021-01-23 10:00:00", "pageview", "a.com", "u1", "FR", token)),
            line(H10, "{\"id\":42,\"type\":\"pageview\"}"), // invalid id
            line(H10, event("e2", "2021-01-23 10:00:00", "click", "a.com", "u1", "FR", token)),
            line(H10, event("e5", "2021-01-23 10:00:00", "Pageview", "a.com", "u1", "FR", token)),
            line(H10, event("e3", "2021-01-23 09:59:00", "consent.given", "a.com", "u1", "FR", "{x")),
            line(H11, event("e4", "2021-01-23 11:00:00", "pageview", "a.com", "u2", "FR", null)),
            line(H11, event("e6", "soon", "consent.asked", "a.com", "u2", "FR", null)));

    assertEquals(11, counts.linesRead());
    assertEquals(
        Map.of(RejectReason.MALFORMED_JSON, 1L, RejectReason.MISSING_ID, 1L, RejectReason.INVALID_ID, 1L),
        counts.rejectedByReason());
    assertEquals(2, counts.duplicates());
    assertEquals(2, counts.unknownType()); // click, Pageview
    assertEquals(4, counts.eventsCounted()); // e1, e3, e4, e6
    assertEquals(1, counts.invalidToken()); // e3
    assertEquals(1, counts.invalidDatetime()); // e6
    assertEquals(1, counts.lateEvents()); // e3, 09:59 in folder 10
    assertTrue(counts.balances());
  }

  @Test
  void aDuplicateOfAnUnknownTypeIsStillADuplicate() {
    String click = event("e1", "2021-01-23 10:00:00", "click", "a.com", "u1", "FR", null);
    Accounting.Counts counts = countsOf(line(H10, click), line(H10, click));
    assertEquals(1, counts.duplicates());
    assertEquals(1, counts.unknownType());
    assertEquals(0, counts.eventsCounted());
  }
}
