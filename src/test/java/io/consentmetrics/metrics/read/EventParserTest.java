package io.consentmetrics.metrics.read;

import static io.consentmetrics.testing.Fixtures.event;
import static io.consentmetrics.testing.Fixtures.line;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.consentmetrics.metrics.Columns;
import io.consentmetrics.testing.Fixtures;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** What the parser adds to each line besides the event's fields. */
class EventParserTest {

  /** The parser works the start out once per folder: lines of another folder in between must not reuse it. */
  @Test
  void eachLineGetsTheStartOfItsOwnFoldersHour() {
    String e = event("e1", "2021-01-23 10:00:00", "pageview", "a.com", "u1", "FR", null);
    List<Row> parsed =
        Fixtures.lines(line("2021-01-23-10", e), line("2021-01-23-11", e), line("2021-01-23-10", "{broken"))
            .transform(ParsedLines::parse)
            .select(Columns.DATEHOUR, Columns.FOLDER_START)
            .collectAsList();

    assertEquals(
        List.of(
            RowFactory.create("2021-01-23-10", utc("2021-01-23T10:00:00Z")),
            RowFactory.create("2021-01-23-11", utc("2021-01-23T11:00:00Z")),
            RowFactory.create("2021-01-23-10", utc("2021-01-23T10:00:00Z"))),
        parsed);
  }

  private static Timestamp utc(String instant) {
    return Timestamp.from(Instant.parse(instant));
  }
}
