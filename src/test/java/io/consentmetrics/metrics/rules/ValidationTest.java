package io.consentmetrics.metrics.rules;

import static io.consentmetrics.testing.Fixtures.event;
import static io.consentmetrics.testing.Fixtures.line;
import static io.consentmetrics.testing.Fixtures.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.consentmetrics.metrics.Columns;
import io.consentmetrics.metrics.read.ParsedLines;
import io.consentmetrics.testing.DatasetAssertions;
import io.consentmetrics.testing.Fixtures;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** SPEC rules 1 and 2 over datasets: each line judged alone, the rejected kept with their reason. */
class ValidationTest {
  private static final String H10 = "2021-01-23-10";
  private static final String VALID =
      event("e1", "2021-01-23 10:00:00", "pageview", "a.com", "u1", "FR", null);

  private static List<String> reasons(Row... rows) {
    return lines(rows)
        .transform(ParsedLines::parse)
        .select(Columns.REJECT_REASON)
        .collectAsList()
        .stream()
        .map(r -> r.getString(0))
        .toList();
  }

  @Test
  void aTruncatedLineIsMalformedAndTheNextLineIsStillValid() {
    String truncated = VALID.substring(0, VALID.length() / 2);
    assertEquals(
        Arrays.asList(RejectReason.MALFORMED_JSON.label(), null),
        reasons(line(H10, truncated), line(H10, VALID)));
  }

  @Test
  void twoObjectsOnOneLineAreOneMalformedLineNotOneEvent() {
    String second = event("e2", "2021-01-23 10:00:00", "pageview", "a.com", "u1", "FR", null);
    assertEquals(List.of(RejectReason.MALFORMED_JSON.label()), reasons(line(H10, VALID + second)));
  }

  @Test
  void eachReasonIsNamedByItsLabel() {
    assertEquals(
        List.of("missing_id", "invalid_id", "invalid_id"),
        reasons(line(H10, "{\"id\":\"\"}"), line(H10, "{\"id\":123}"), line(H10, "{\"id\":\"  \"}")));
  }

  @Test
  void dropRejectedKeepsTheNarrowEventsOfAcceptedLinesOnly() {
    Dataset<Row> accepted =
        lines(
                line(H10, event("e1", "2021-01-23 10:00:00", "pageview", "a.com", "u1", "FR", Fixtures.CONSENT_TOKEN)),
                line(H10, "{broken"),
                line(H10, event("", "2021-01-23 10:00:00", "pageview", "a.com", "u1", "FR", null)))
            .transform(ParsedLines::parse)
            .transform(Validation::dropRejected);

    StructType schema =
        new StructType()
            .add(Columns.DATEHOUR, DataTypes.StringType)
            .add(Columns.FOLDER_START, DataTypes.TimestampType, false)
            .add(Columns.ID, DataTypes.StringType)
            .add(Columns.EVENT_TIME, DataTypes.TimestampType)
            .add(Columns.HAS_INVALID_DATETIME, DataTypes.BooleanType, false)
            .add(Columns.TYPE, DataTypes.StringType)
            .add(Columns.DOMAIN, DataTypes.StringType)
            .add(Columns.COUNTRY, DataTypes.StringType)
            .add(Columns.USER_ID, DataTypes.StringType)
            .add(Columns.TOKEN_STATUS, DataTypes.StringType);
    DatasetAssertions.assertDatasetEquals(
        Fixtures.dataset(
            schema,
            RowFactory.create(H10, Timestamp.valueOf("2021-01-23 10:00:00"), "e1", Timestamp.valueOf("2021-01-23 10:00:00"),
                false, "pageview", "a.com",
                "FR", "u1", "CONSENT")),
        accepted);
  }

  @Test
  void rejectedOnlyKeepsTheRawLineItsFileAndTheReason() {
    Row broken = line(H10, "{broken");
    Dataset<Row> rejected =
        lines(line(H10, VALID), broken)
            .transform(ParsedLines::parse)
            .transform(Validation::rejectedOnly);

    StructType schema =
        new StructType()
            .add(Columns.DATEHOUR, DataTypes.StringType)
            .add(Columns.SOURCE_FILE, DataTypes.StringType)
            .add(Columns.LINE_NUMBER, DataTypes.LongType)
            .add(Columns.REJECT_REASON, DataTypes.StringType)
            .add(Columns.LINE, DataTypes.StringType);
    DatasetAssertions.assertDatasetEquals(
        Fixtures.dataset(
            schema,
            RowFactory.create(H10, broken.getString(1), null, RejectReason.MALFORMED_JSON.label(), "{broken")),
        rejected);
  }
}
