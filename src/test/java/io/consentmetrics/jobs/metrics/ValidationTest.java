package io.consentmetrics.jobs.metrics;

import static io.consentmetrics.testing.Fixtures.event;
import static io.consentmetrics.testing.Fixtures.line;
import static io.consentmetrics.testing.Fixtures.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.consentmetrics.testing.DatasetAssertions;
import io.consentmetrics.testing.Fixtures;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** SPEC rules 1 and 2: malformed lines and missing ids are rejected, with their reason. */
class ValidationTest {
  private static final String H10 = "2021-01-23-10";
  private static final String VALID =
      event("e1", "2021-01-23 10:00:00", "pageview", "a.com", "u1", "FR", null);

  private static List<String> reasons(Row... rows) {
    return lines(rows)
        .transform(EventParser::parse)
        .transform(Validation::classify)
        .select(Columns.REJECT_REASON)
        .collectAsList()
        .stream()
        .map(r -> r.getString(0))
        .toList();
  }

  @Test
  void truncatedLineIsMalformedAndTheNextLineIsStillValid() {
    String truncated = VALID.substring(0, VALID.length() / 2);
    assertEquals(
        java.util.Arrays.asList(Validation.MALFORMED_JSON, null),
        reasons(line(H10, truncated), line(H10, VALID)));
  }

  @Test
  void aLineThatIsNotOneJsonObjectIsMalformed() {
    List<String> notObjects = List.of("", "   ", "null", "42", "\"text\"", "[" + VALID + "]",
        VALID + " trailing", "{bad json}");
    for (String text : notObjects) {
      assertEquals(List.of(Validation.MALFORMED_JSON), reasons(line(H10, text)), text);
    }
  }

  @Test
  void missingNullOrEmptyIdIsRejectedAsMissingId() {
    String missing = event(null, "2021-01-23 10:00:00", "pageview", "a.com", "u1", "FR", null);
    String nullId = "{\"id\":null,\"type\":\"pageview\"}";
    String emptyId = "{\"id\":\"\",\"type\":\"pageview\"}";
    assertEquals(
        List.of(Validation.MISSING_ID, Validation.MISSING_ID, Validation.MISSING_ID),
        reasons(line(H10, missing), line(H10, nullId), line(H10, emptyId)));
  }

  @Test
  void aWellFormedLineWithAnOddUserIsAcceptedWithoutUserFields() {
    Dataset<Row> parsed =
        lines(line(H10, "{\"id\":\"e1\",\"type\":\"pageview\",\"user\":\"not-an-object\"}"))
            .transform(EventParser::parse)
            .transform(Validation::classify);
    Row row = parsed.first();
    assertNull(row.getAs(Columns.REJECT_REASON));
    assertEquals("e1", row.<String>getAs(Columns.ID));
    assertNull(row.getAs(Columns.USER_ID));
    assertNull(row.getAs(Columns.COUNTRY));
  }

  @Test
  void dropRejectedKeepsTheParsedFieldsOfAcceptedEventsOnly() {
    String token = Fixtures.CONSENT_TOKEN;
    Dataset<Row> accepted =
        lines(
                line(H10, event("e1", "2021-01-23 10:00:00", "pageview", "a.com", "u1", "FR", token)),
                line(H10, "{broken"),
                line(H10, event("", "2021-01-23 10:00:00", "pageview", "a.com", "u1", "FR", token)))
            .transform(EventParser::parse)
            .transform(Validation::classify)
            .transform(Validation::dropRejected);

    StructType schema =
        new StructType()
            .add(Columns.DATEHOUR, DataTypes.StringType)
            .add(Columns.ID, DataTypes.StringType)
            .add(Columns.DATETIME, DataTypes.StringType)
            .add(Columns.TYPE, DataTypes.StringType)
            .add(Columns.DOMAIN, DataTypes.StringType)
            .add(Columns.USER_ID, DataTypes.StringType)
            .add(Columns.COUNTRY, DataTypes.StringType)
            .add(Columns.TOKEN, DataTypes.StringType);
    DatasetAssertions.assertDatasetEquals(
        Fixtures.dataset(
            schema,
            RowFactory.create(H10, "e1", "2021-01-23 10:00:00", "pageview", "a.com", "u1", "FR", token)),
        accepted);
  }

  @Test
  void rejectedOnlyKeepsTheRawLineItsFileAndTheReason() {
    Row broken = line(H10, "{broken");
    Dataset<Row> rejected =
        lines(line(H10, VALID), broken)
            .transform(EventParser::parse)
            .transform(Validation::classify)
            .transform(Validation::rejectedOnly);

    StructType schema =
        new StructType()
            .add(Columns.DATEHOUR, DataTypes.StringType)
            .add(Columns.SOURCE_FILE, DataTypes.StringType)
            .add(Columns.REJECT_REASON, DataTypes.StringType)
            .add(Columns.LINE, DataTypes.StringType);
    DatasetAssertions.assertDatasetEquals(
        Fixtures.dataset(
            schema,
            RowFactory.create(H10, broken.getString(1), Validation.MALFORMED_JSON, "{broken")),
        rejected);
  }
}
