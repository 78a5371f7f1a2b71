package io.consentmetrics.jobs.metrics;

import io.consentmetrics.testing.DatasetAssertions;
import io.consentmetrics.testing.Fixtures;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** SPEC rule 7: an event whose datetime hour is not its folder's datehour is late. */
class LatenessTest {
  private static final StructType IN =
      new StructType()
          .add(Columns.DATEHOUR, DataTypes.StringType)
          .add(Columns.DATETIME, DataTypes.StringType);

  @Test
  void anEventOutsideItsFoldersHourIsLateAndAMissingTimeIsNot() {
    StructType out = IN.add(Columns.LATE, DataTypes.BooleanType, false);
    DatasetAssertions.assertDatasetEquals(
        Fixtures.dataset(
            out,
            RowFactory.create("2021-01-23-10", "2021-01-23 10:59:59", false),
            RowFactory.create("2021-01-23-10", "2021-01-23 09:59:59", true),
            RowFactory.create("2021-01-23-10", "2021-01-24 10:00:00", true),
            RowFactory.create("2021-01-23-10", null, false),
            RowFactory.create("2021-01-23-10", "yesterday", false)),
        Fixtures.dataset(
                IN,
                RowFactory.create("2021-01-23-10", "2021-01-23 10:59:59"),
                RowFactory.create("2021-01-23-10", "2021-01-23 09:59:59"),
                RowFactory.create("2021-01-23-10", "2021-01-24 10:00:00"),
                RowFactory.create("2021-01-23-10", null),
                RowFactory.create("2021-01-23-10", "yesterday"))
            .transform(Lateness::flag));
  }
}
