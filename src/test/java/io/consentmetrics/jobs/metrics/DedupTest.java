package io.consentmetrics.jobs.metrics;

import static io.consentmetrics.testing.DatasetAssertions.assertSameRowsInAnyOrder;

import io.consentmetrics.testing.Fixtures;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** SPEC rule 3: one copy per id survives, the first delivery (smallest folder, then datetime). */
class DedupTest {
  private static final StructType EVENTS =
      new StructType()
          .add(Columns.DATEHOUR, DataTypes.StringType)
          .add(Columns.ID, DataTypes.StringType)
          .add(Columns.DATETIME, DataTypes.StringType)
          .add(Columns.DOMAIN, DataTypes.StringType);

  private static Dataset<Row> events(Row... rows) {
    return Fixtures.dataset(EVENTS, rows);
  }

  @Test
  void theCopyInTheEarliestFolderWinsEvenWithALaterDatetime() {
    Dataset<Row> input =
        events(
            RowFactory.create("2021-01-23-11", "e1", "2021-01-23 09:00:00", "from-11"),
            RowFactory.create("2021-01-23-10", "e1", "2021-01-23 10:59:00", "from-10"));
    assertSameRowsInAnyOrder(
        events(RowFactory.create("2021-01-23-10", "e1", "2021-01-23 10:59:00", "from-10")),
        input.transform(Dedup::firstDelivery));
  }

  @Test
  void withinOneFolderTheEarliestDatetimeWins() {
    Dataset<Row> input =
        events(
            RowFactory.create("2021-01-23-10", "e1", "2021-01-23 10:30:00", "later"),
            RowFactory.create("2021-01-23-10", "e1", "2021-01-23 10:10:00", "earlier"));
    assertSameRowsInAnyOrder(
        events(RowFactory.create("2021-01-23-10", "e1", "2021-01-23 10:10:00", "earlier")),
        input.transform(Dedup::firstDelivery));
  }

  @Test
  void distinctIdsAreAllKeptAndExactCopiesCollapseToOne() {
    Row copy = RowFactory.create("2021-01-23-10", "e1", "2021-01-23 10:00:00", "a.com");
    Row other = RowFactory.create("2021-01-23-10", "e2", "2021-01-23 10:00:00", "a.com");
    assertSameRowsInAnyOrder(events(copy, other), events(copy, copy, other).transform(Dedup::firstDelivery));
  }
}
