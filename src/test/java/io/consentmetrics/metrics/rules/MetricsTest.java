package io.consentmetrics.metrics.rules;

import static io.consentmetrics.metrics.rules.EventTypes.CONSENT_ASKED;
import static io.consentmetrics.metrics.rules.EventTypes.CONSENT_GIVEN;
import static io.consentmetrics.metrics.rules.EventTypes.PAGEVIEW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consentmetrics.metrics.Columns;
import io.consentmetrics.metrics.MetricsJob;
import io.consentmetrics.metrics.read.ParsedLines;
import io.consentmetrics.testing.DatasetAssertions;
import io.consentmetrics.testing.Fixtures;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** SPEC rules 4 and 6 and the output contract: columns, types, definitions and row order. */
class MetricsTest {
  private static final String H10 = "2021-01-23-10";
  private static final String H11 = "2021-01-23-11";

  private static final StructType EVENTS =
      new StructType()
          .add(Columns.DATEHOUR, DataTypes.StringType)
          .add(Columns.TYPE, DataTypes.StringType)
          .add(Columns.DOMAIN, DataTypes.StringType)
          .add(Columns.COUNTRY, DataTypes.StringType)
          .add(Columns.USER_ID, DataTypes.StringType)
          .add(Columns.HAS_CONSENT, DataTypes.BooleanType);

  static final StructType OUTPUT =
      new StructType()
          .add(Columns.DATEHOUR, DataTypes.StringType)
          .add(Columns.DOMAIN, DataTypes.StringType)
          .add(Columns.COUNTRY, DataTypes.StringType)
          .add(Columns.PAGEVIEWS, DataTypes.LongType, false)
          .add(Columns.PAGEVIEWS_WITH_CONSENT, DataTypes.LongType, false)
          .add(Columns.CONSENTS_ASKED, DataTypes.LongType, false)
          .add(Columns.CONSENTS_ASKED_WITH_CONSENT, DataTypes.LongType, false)
          .add(Columns.CONSENTS_GIVEN, DataTypes.LongType, false)
          .add(Columns.CONSENTS_GIVEN_WITH_CONSENT, DataTypes.LongType, false)
          .add(Columns.AVG_PAGEVIEWS_PER_USER, DataTypes.DoubleType);

  private static Row event(String datehour, String type, String domain, String country, String user, boolean consent) {
    return RowFactory.create(datehour, type, domain, country, user, consent);
  }

  /**
   * The published metrics of {@code events}: one row per group that has an event of a known type
   * (events of any other type are left out; a null domain or country is a group of its own).
   */
  private static Dataset<Row> metricsOf(Row... events) {
    return Fixtures.dataset(EVENTS, events)
        .transform(e -> Metrics.perGroup(e, Map.of()))
        .transform(Metrics::published)
        .transform(Metrics::inOutputOrder);
  }

  @Test
  void countsEachTypeWithAndWithoutConsentPerGroup() {
    Dataset<Row> metrics =
        metricsOf(
            event(H10, PAGEVIEW, "a.com", "FR", "u1", true),
            event(H10, PAGEVIEW, "a.com", "FR", "u1", false),
            event(H10, PAGEVIEW, "a.com", "FR", "u2", false),
            event(H10, CONSENT_ASKED, "a.com", "FR", "u1", false),
            event(H10, CONSENT_ASKED, "a.com", "FR", "u2", true),
            event(H10, CONSENT_GIVEN, "a.com", "FR", "u2", true));
    DatasetAssertions.assertDatasetEquals(
        Fixtures.dataset(OUTPUT, RowFactory.create(H10, "a.com", "FR", 3L, 1L, 2L, 1L, 1L, 1L, 1.5)),
        metrics);
  }

  @Test
  void typesAreMatchedExactlyAndOtherTypesAreLeftOut() {
    Dataset<Row> metrics =
        metricsOf(
            event(H10, PAGEVIEW, "a.com", "FR", "u1", true),
            event(H10, "Pageview", "a.com", "FR", "u1", true),
            event(H10, "consent.Given", "a.com", "FR", "u1", true),
            event(H10, null, "a.com", "FR", "u1", true),
            event(H10, "click", "b.com", "FR", "u1", true),
            event(H10, "PAGEVIEW", "c.com", "FR", "u1", true));
    DatasetAssertions.assertDatasetEquals(
        Fixtures.dataset(OUTPUT, RowFactory.create(H10, "a.com", "FR", 1L, 1L, 0L, 0L, 0L, 0L, 1.0)),
        metrics);
  }

  @Test
  void averageIsPageviewsPerDistinctPageviewUserAndIgnoresOtherTypesUsers() {
    Dataset<Row> metrics =
        metricsOf(
            event(H10, PAGEVIEW, "a.com", "FR", "u1", false),
            event(H10, PAGEVIEW, "a.com", "FR", "u1", false),
            event(H10, PAGEVIEW, "a.com", "FR", "u2", false),
            event(H10, PAGEVIEW, "a.com", "FR", null, false),
            event(H10, CONSENT_ASKED, "a.com", "FR", "u3", false));
    assertEquals(4.0 / 2, metrics.first().<Double>getAs(Columns.AVG_PAGEVIEWS_PER_USER));
  }

  @Test
  void averageIsNullWhenNoPageviewOfTheGroupHasAUser() {
    Dataset<Row> metrics =
        metricsOf(
            event(H10, PAGEVIEW, "a.com", "FR", null, false),
            event(H10, CONSENT_GIVEN, "b.com", "FR", "u1", true));
    DatasetAssertions.assertDatasetEquals(
        Fixtures.dataset(
            OUTPUT,
            RowFactory.create(H10, "a.com", "FR", 1L, 0L, 0L, 0L, 0L, 0L, null),
            RowFactory.create(H10, "b.com", "FR", 0L, 0L, 0L, 0L, 1L, 1L, null)),
        metrics);
  }

  @Test
  void missingDomainOrCountryIsANullGroupSortedFirst() {
    Dataset<Row> metrics =
        metricsOf(
            event(H11, PAGEVIEW, "a.com", "FR", "u1", false),
            event(H10, PAGEVIEW, "b.com", "FR", "u1", false),
            event(H10, PAGEVIEW, "b.com", null, "u1", false),
            event(H10, PAGEVIEW, null, "FR", "u1", false),
            event(H10, PAGEVIEW, "a.com", "DE", "u1", false),
            event(H10, PAGEVIEW, "a.com", "BE", "u1", false));
    List<List<String>> keys =
        metrics.collectAsList().stream()
            .map(r -> java.util.Arrays.asList(r.getString(0), r.getString(1), r.getString(2)))
            .toList();
    assertEquals(
        List.of(
            java.util.Arrays.asList(H10, null, "FR"),
            List.of(H10, "a.com", "BE"),
            List.of(H10, "a.com", "DE"),
            java.util.Arrays.asList(H10, "b.com", null),
            List.of(H10, "b.com", "FR"),
            List.of(H11, "a.com", "FR")),
        keys);
  }

  @Test
  void theSameDomainAndCountryInTwoHoursAreTwoGroups() {
    Dataset<Row> metrics =
        metricsOf(
            event(H10, PAGEVIEW, "a.com", "FR", "u1", false),
            event(H11, PAGEVIEW, "a.com", "FR", "u1", true));
    DatasetAssertions.assertDatasetEquals(
        Fixtures.dataset(
            OUTPUT,
            RowFactory.create(H10, "a.com", "FR", 1L, 0L, 0L, 0L, 0L, 0L, 1.0),
            RowFactory.create(H11, "a.com", "FR", 1L, 1L, 0L, 0L, 0L, 0L, 1.0)),
        metrics);
  }

  /**
   * Pins the plan of the job's own aggregation (the metrics with the summary's event counts, as
   * {@link MetricsJob#metricsOf} plans it): {@code countDistinct} beside the counts would be planned
   * with an Expand that multiplies the rows, and a sort-based aggregate is Spark 3.2's slow path.
   */
  @Test
  void theJobsMetricsArePlannedAsHashAggregatesWithoutExpand() {
    String plan =
        MetricsJob.metricsOf(ParsedLines.parse(Fixtures.lines(
                Fixtures.line(H10, Fixtures.event("e1", "2021-01-23 10:00:00", PAGEVIEW, "a.com", "u1", "FR", null)))))
            .queryExecution()
            .executedPlan()
            .toString();
    assertTrue(plan.contains(Columns.PAGEVIEWS_WITH_CONSENT) && plan.contains("late_events"), plan);
    assertFalse(plan.contains("Expand"), plan);
    assertFalse(plan.contains("SortAggregate"), plan);
    assertTrue(plan.contains("HashAggregate"), plan);
  }
}
