package io.consentmetrics.metrics.rules;

import static io.consentmetrics.testing.Fixtures.event;
import static io.consentmetrics.testing.Fixtures.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consentmetrics.metrics.MetricsJob;
import io.consentmetrics.metrics.read.LineCounts;
import io.consentmetrics.metrics.read.ParsedLines;
import io.consentmetrics.testing.Fixtures;
import io.consentmetrics.testing.SharedSpark;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/**
 * The run's counts, measured while the metrics are computed: every line read is rejected, a
 * duplicate, of unknown type, or counted, each counted on its own.
 */
class AccountingTest {
  private static final String H10 = "2021-01-23-10";
  private static final String H11 = "2021-01-23-11";

  private static Accounting.Counts countsOf(Row... lines) {
    LineCounts counted = LineCounts.register(SharedSpark.session().sparkContext());
    List<Row> groups = MetricsJob.metricsOf(ParsedLines.parse(Fixtures.lines(lines), counted)).collectAsList();
    return Accounting.Counts.of(counted.value(), groups);
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
        Map.of(RejectReason.MALFORMED_JSON, 1L, RejectReason.MISSING_ID, 1L, RejectReason.INVALID_ID, 1L,
            RejectReason.LINE_TOO_LONG, 0L),
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

  @Test
  void aGroupOfUnknownTypesOnlyIsCountedButNotPublished() {
    Dataset<Row> groups =
        MetricsJob.metricsOf(
            Fixtures.lines(
                    line(H10, event("e1", "2021-01-23 10:00:00", "click", "a.com", "u1", "FR", null)),
                    line(H10, event("e2", "2021-01-23 10:00:00", "pageview", "b.com", "u1", "FR", null)))
                .transform(ParsedLines::parse));

    assertEquals(MetricsJob.GROUPS, groups.schema());
    List<Row> published = groups.transform(Metrics::published).collectAsList();
    assertEquals(List.of(RowFactory.create(H10, "b.com", "FR", 1L, 0L, 0L, 0L, 0L, 0L, 1.0)), published);
    assertEquals(2, groups.count());
  }

  /**
   * Pins the plan: nothing is observed. A {@code Dataset.observe} in front of the metrics' aggregation
   * ended the stage's generated code (3.3 s of 26 s on 3M events); the events are counted in the
   * aggregation itself, the lines by the reader.
   */
  @Test
  void nothingIsObserved() {
    String plan =
        MetricsJob.metricsOf(
                Fixtures.lines(line(H10, event("e1", "2021-01-23 10:00:00", "pageview", "a.com", "u1", "FR", null)))
                    .transform(ParsedLines::parse))
            .queryExecution()
            .executedPlan()
            .toString();
    assertFalse(plan.contains("CollectMetrics"), plan);
    assertTrue(plan.contains("HashAggregate"), plan);
  }
}
