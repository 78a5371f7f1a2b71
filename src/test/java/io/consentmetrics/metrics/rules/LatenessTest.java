package io.consentmetrics.metrics.rules;

import io.consentmetrics.metrics.Columns;
import io.consentmetrics.metrics.read.EventTime;
import io.consentmetrics.testing.DatasetAssertions;
import io.consentmetrics.testing.Fixtures;
import java.sql.Timestamp;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** SPEC rule 7: an event whose UTC hour is not its folder's datehour is late. */
class LatenessTest {
  private static final StructType IN =
      new StructType()
          .add(Columns.DATEHOUR, DataTypes.StringType)
          .add(Columns.FOLDER_START, DataTypes.TimestampType)
          .add(Columns.EVENT_TIME, DataTypes.TimestampType);
  private static final StructType OUT =
      new StructType()
          .add(Columns.DATEHOUR, DataTypes.StringType)
          .add(Columns.EVENT_TIME, DataTypes.TimestampType)
          .add(Columns.IS_LATE, DataTypes.BooleanType, false);
  private static final Timestamp H10 = at("2021-01-23 10:00:00");

  @Test
  void anEventOutsideItsFoldersHourIsLateAndAMissingTimeIsNot() {
    DatasetAssertions.assertDatasetEquals(
        Fixtures.dataset(
            OUT,
            RowFactory.create("2021-01-23-10", at("2021-01-23 10:59:59"), false),
            RowFactory.create("2021-01-23-10", at("2021-01-23 09:59:59"), true),
            RowFactory.create("2021-01-23-10", at("2021-01-24 10:00:00"), true),
            RowFactory.create("2021-01-23-10", null, false)),
        Fixtures.dataset(
                IN,
                RowFactory.create("2021-01-23-10", H10, at("2021-01-23 10:59:59")),
                RowFactory.create("2021-01-23-10", H10, at("2021-01-23 09:59:59")),
                RowFactory.create("2021-01-23-10", H10, at("2021-01-24 10:00:00")),
                RowFactory.create("2021-01-23-10", H10, null))
            .transform(Lateness::flag));
  }

  @Test
  void anIsoTimeWithAnOffsetIsComparedAsAnInstant() {
    // 11:30+01:00 is 10:30 UTC: on time in folder 10; 10:30+01:00 is 09:30 UTC: late.
    DatasetAssertions.assertDatasetEquals(
        Fixtures.dataset(
            OUT,
            RowFactory.create("2021-01-23-10", instant("2021-01-23T11:30:00+01:00"), false),
            RowFactory.create("2021-01-23-10", instant("2021-01-23T10:30:00+01:00"), true)),
        Fixtures.dataset(
                IN,
                RowFactory.create("2021-01-23-10", H10, instant("2021-01-23T11:30:00+01:00")),
                RowFactory.create("2021-01-23-10", H10, instant("2021-01-23T10:30:00+01:00")))
            .transform(Lateness::flag));
  }

  private static Timestamp at(String utc) {
    return instant(utc.replace(' ', 'T') + "Z");
  }

  private static Timestamp instant(String iso) {
    return new Timestamp(EventTime.toMicros(iso) / 1000);
  }
}
