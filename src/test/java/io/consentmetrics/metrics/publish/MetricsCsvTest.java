package io.consentmetrics.metrics.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.consentmetrics.metrics.Columns;
import io.consentmetrics.metrics.rules.Metrics;
import io.consentmetrics.testing.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The published CSV round-trips every value: through Python's csv module and Spark's CSV reader. */
class MetricsCsvTest {
  private static final StructType SCHEMA =
      new StructType()
          .add(Columns.DATEHOUR, DataTypes.StringType)
          .add(Columns.DOMAIN, DataTypes.StringType)
          .add(Columns.COUNTRY, DataTypes.StringType)
          .add(Columns.PAGEVIEWS, DataTypes.LongType)
          .add(Columns.PAGEVIEWS_WITH_CONSENT, DataTypes.LongType)
          .add(Columns.CONSENTS_ASKED, DataTypes.LongType)
          .add(Columns.CONSENTS_ASKED_WITH_CONSENT, DataTypes.LongType)
          .add(Columns.CONSENTS_GIVEN, DataTypes.LongType)
          .add(Columns.CONSENTS_GIVEN_WITH_CONSENT, DataTypes.LongType)
          .add(Columns.AVG_PAGEVIEWS_PER_USER, DataTypes.DoubleType);

  /** Values a hostile or messy feed puts into domain and country; null is a missing value. */
  private static final List<String> HOSTILE =
      Arrays.asList(
          null, "", " ", "  ", "\t", "\n", "\r", "\r\n", "a,b", "a\"b", "\"", "\\\"", "\"\\\"\"", "a\\", "x\ny",
          " x", "x ", "\tx\t", "😀 événement", "=1+1", "+cmd", "-2", "@SUM(A1)", "x".repeat(10_000), "ok");

  @TempDir Path dir;

  /** One row per hostile domain value (country the same value reversed), in the CSV's sort order. */
  private static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < HOSTILE.size(); i++) {
      String value = HOSTILE.get(i);
      String country = value == null ? "FR" : new StringBuilder(value).reverse().toString();
      rows.add(RowFactory.create(String.format("2021-01-23-%02d", i), value, country, (long) i, 0L, 0L, 0L, 0L, 0L,
          i % 2 == 0 ? null : i / 2.0));
    }
    return rows;
  }

  private Path writeCsv() throws IOException {
    Dataset<Row> metrics = SharedSpark.session().createDataFrame(rows(), SCHEMA);
    String out = dir.resolve("csv").toString();
    MetricsCsv.write(metrics, out);
    try (Stream<Path> files = Files.list(Path.of(out))) {
      List<Path> parts = files.filter(p -> p.getFileName().toString().endsWith(MetricsCsv.FILE_SUFFIX)).toList();
      assertEquals(1, parts.size(), parts.toString());
      return parts.get(0);
    }
  }

  /** What a CSV reader that knows no null sees: the row's values as text, null as empty. */
  private static List<String> asText(Row row) {
    List<String> text = new ArrayList<>();
    for (int i = 0; i < row.size(); i++) {
      text.add(row.isNullAt(i) ? "" : String.valueOf(row.get(i)));
    }
    return text;
  }

  /** An RFC 4180 parser other than Spark's (Apache Commons CSV) reads back every value as text. */
  @Test
  void anRfc4180ParserReadsBackEveryValue() throws IOException {
    Path csv = writeCsv();
    List<List<String>> read = new ArrayList<>();
    try (CSVParser parser = CSVParser.parse(csv, StandardCharsets.UTF_8, CSVFormat.RFC4180)) {
      parser.forEach(record -> read.add(record.toList()));
    }

    List<List<String>> expected = new ArrayList<>();
    expected.add(Arrays.asList(SCHEMA.fieldNames()));
    rows().forEach(row -> expected.add(asText(row)));
    assertEquals(expected.size(), read.size(), "rows read back");
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i), read.get(i), "row " + i);
    }
  }

  @Test
  void sparksCsvReaderKeepsEmptyStringsAndMissingValuesApart() throws IOException {
    Path csv = writeCsv();
    List<Row> read =
        SharedSpark.session().read()
            .schema(SCHEMA)
            .option("header", "true")
            .option("multiLine", "true")
            .option("escape", "\"")
            .option("ignoreLeadingWhiteSpace", "false")
            .option("ignoreTrailingWhiteSpace", "false")
            .option("nullValue", "\u0000missing") // so that only an unquoted empty cell reads as null
            .option("emptyValue", "")
            .csv(csv.toString())
            .collectAsList();
    List<Row> expected = rows();
    assertEquals(expected.size(), read.size(), "rows read back");
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i).toString(), read.get(i).toString(), "row " + i);
      assertEquals(expected.get(i).isNullAt(1), read.get(i).isNullAt(1), "domain null in row " + i);
    }
  }

  @Test
  void quotesAreDoubledAndAnEmptyStringIsQuoted() throws IOException {
    Dataset<Row> metrics = SharedSpark.session().createDataFrame(List.of(
        RowFactory.create("2021-01-23-10", "a\"b", "", 1L, 0L, 0L, 0L, 0L, 0L, null),
        RowFactory.create("2021-01-23-11", " a,b ", null, 1L, 0L, 0L, 0L, 0L, 0L, 1.0)), SCHEMA);
    String out = dir.resolve("small").toString();
    MetricsCsv.write(metrics, out);
    try (Stream<Path> files = Files.list(Path.of(out))) {
      Path part = files.filter(p -> p.getFileName().toString().endsWith(MetricsCsv.FILE_SUFFIX)).findFirst().orElseThrow();
      List<String> lines = Files.readAllLines(part);
      assertEquals(String.join(",", Metrics.OUTPUT_COLUMNS), lines.get(0));
      assertEquals("2021-01-23-10,\"a\"\"b\",\"\",1,0,0,0,0,0,", lines.get(1));
      assertEquals("2021-01-23-11,\" a,b \",,1,0,0,0,0,0,1.0", lines.get(2));
    }
  }
}
