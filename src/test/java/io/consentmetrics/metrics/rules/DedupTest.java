package io.consentmetrics.metrics.rules;

import static io.consentmetrics.testing.DatasetAssertions.assertSameRowsInAnyOrder;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consentmetrics.metrics.Columns;
import io.consentmetrics.metrics.read.ParsedLines;
import io.consentmetrics.spark.InternalRows;
import io.consentmetrics.testing.Fixtures;
import io.consentmetrics.testing.SharedSpark;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** SPEC rule 3: one copy per id survives, the first delivery (smallest folder, then event time). */
class DedupTest {
  private static final StructType EVENTS =
      new StructType()
          .add(Columns.DATEHOUR, DataTypes.StringType)
          .add(Columns.ID, DataTypes.StringType)
          .add(Columns.EVENT_TIME, DataTypes.TimestampType)
          .add(Columns.DOMAIN, DataTypes.StringType);
  private static final StructType DEDUPLICATED = EVENTS.add(Columns.COPIES, DataTypes.LongType, false);

  private static Dataset<Row> events(Row... rows) {
    return Fixtures.dataset(EVENTS, rows);
  }

  private static Dataset<Row> deduplicated(Row... rows) {
    return Fixtures.dataset(DEDUPLICATED, rows);
  }

  private static Timestamp at(String utc) {
    return Timestamp.valueOf(utc); // the test JVM runs in UTC (surefire's user.timezone)
  }

  @Test
  void theCopyInTheEarliestFolderWinsEvenWithALaterTime() {
    Dataset<Row> input =
        events(
            RowFactory.create("2021-01-23-11", "e1", at("2021-01-23 09:00:00"), "from-11"),
            RowFactory.create("2021-01-23-10", "e1", at("2021-01-23 10:59:00"), "from-10"));
    assertSameRowsInAnyOrder(
        deduplicated(RowFactory.create("2021-01-23-10", "e1", at("2021-01-23 10:59:00"), "from-10", 2L)),
        input.transform(Dedup::firstDelivery));
  }

  @Test
  void withinOneFolderTheEarliestTimeWins() {
    Dataset<Row> input =
        events(
            RowFactory.create("2021-01-23-10", "e1", at("2021-01-23 10:30:00"), "later"),
            RowFactory.create("2021-01-23-10", "e1", at("2021-01-23 10:10:00"), "earlier"));
    assertSameRowsInAnyOrder(
        deduplicated(RowFactory.create("2021-01-23-10", "e1", at("2021-01-23 10:10:00"), "earlier", 2L)),
        input.transform(Dedup::firstDelivery));
  }

  /** Two copies that differ only in how their datetime is written: the ISO form without seconds is read, and earlier. */
  @Test
  void anIsoDatetimeWithoutSecondsIsReadSoItsEarlierCopyWins() {
    String later = Fixtures.event("e1", "2021-01-23 10:30:00", "pageview", "a.com", "u1", "FR", null);
    String earlier = Fixtures.event("e1", "2021-01-23T10:00Z", "pageview", "a.com", "u1", "FR", null);
    List<Row> kept = Fixtures.lines(Fixtures.line("2021-01-23-10", later), Fixtures.line("2021-01-23-10", earlier))
        .transform(ParsedLines::parse)
        .transform(Validation::dropRejected)
        .transform(Dedup::firstDelivery)
        .select(Columns.ID, Columns.EVENT_TIME)
        .collectAsList();
    org.junit.jupiter.api.Assertions.assertEquals(
        java.util.List.of(RowFactory.create("e1", at("2021-01-23 10:00:00"))), kept);
  }

  @Test
  void aCopyWithoutTimeLosesToOneWithATimeInTheSameFolder() {
    Dataset<Row> input =
        events(
            RowFactory.create("2021-01-23-10", "e1", null, "no-time"),
            RowFactory.create("2021-01-23-10", "e1", at("2021-01-23 10:59:59"), "timed"));
    assertSameRowsInAnyOrder(
        deduplicated(RowFactory.create("2021-01-23-10", "e1", at("2021-01-23 10:59:59"), "timed", 2L)),
        input.transform(Dedup::firstDelivery));
  }

  @Test
  void tiesResolveOnContentWhateverTheOrderOfArrival() {
    Row a = RowFactory.create("2021-01-23-10", "e1", at("2021-01-23 10:00:00"), "a.com");
    Row b = RowFactory.create("2021-01-23-10", "e1", at("2021-01-23 10:00:00"), "b.com");
    Row expected = RowFactory.create("2021-01-23-10", "e1", at("2021-01-23 10:00:00"), "a.com", 2L);
    assertSameRowsInAnyOrder(deduplicated(expected), events(a, b).transform(Dedup::firstDelivery));
    assertSameRowsInAnyOrder(deduplicated(expected), events(b, a).transform(Dedup::firstDelivery));
  }

  @Test
  void distinctIdsAreAllKeptAndExactCopiesCollapseToOneWithTheirCount() {
    Row copy = RowFactory.create("2021-01-23-10", "e1", at("2021-01-23 10:00:00"), "a.com");
    Row other = RowFactory.create("2021-01-23-10", "e2", at("2021-01-23 10:00:00"), "a.com");
    assertSameRowsInAnyOrder(
        deduplicated(
            RowFactory.create("2021-01-23-10", "e1", at("2021-01-23 10:00:00"), "a.com", 3L),
            RowFactory.create("2021-01-23-10", "e2", at("2021-01-23 10:00:00"), "a.com", 1L)),
        events(copy, copy, other, copy).transform(Dedup::firstDelivery));
  }

  /**
   * Pins the plan: a sort-based aggregate or a sort between the exchange on the id and the store
   * would bring back Spark 3.2's slow path. The input is a computed range, not a local table, which
   * the optimizer could sort ahead of time. The store is not a Spark plan node, so the test walks its
   * lineage: from the store down to the exchange's rows there must be nothing but Spark's wrapper of
   * a query's execution (a sort would add its own step there).
   */
  @Test
  void theStoreReadsTheExchangeOnTheIdWithNothingSortedInBetween() {
    Dataset<Row> input =
        SharedSpark.session().range(4).select(
            lit("2021-01-23-10").as(Columns.DATEHOUR),
            col("id").cast(DataTypes.StringType).as(Columns.ID),
            lit(null).cast(DataTypes.TimestampType).as(Columns.EVENT_TIME),
            lit("a.com").as(Columns.DOMAIN));
    RDD<?> store = InternalRows.of(input.transform(Dedup::firstDelivery));
    while (!Dedup.STORE.equals(store.name())) {
      store = parentOf(store);
    }
    List<String> between = new ArrayList<>();
    for (RDD<?> rdd = parentOf(store); !rdd.getClass().getSimpleName().equals("ShuffledRowRDD"); rdd = parentOf(rdd)) {
      between.add(rdd.getClass().getSimpleName());
    }
    assertEquals(List.of("SQLExecutionRDD"), between, store.toDebugString());

    String plan = input.transform(Dedup::byId).queryExecution().executedPlan().toString();
    assertTrue(plan.contains("Exchange") && plan.contains("REPARTITION_BY_COL"), plan); // one partition in tests
    assertFalse(plan.contains("SortAggregate"), plan);
    assertFalse(plan.contains("Sort ["), plan);
  }

  private static RDD<?> parentOf(RDD<?> rdd) {
    assertEquals(1, rdd.dependencies().size(), rdd.toDebugString());
    return rdd.dependencies().head().rdd();
  }
}
