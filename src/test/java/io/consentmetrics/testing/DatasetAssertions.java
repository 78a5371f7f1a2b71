package io.consentmetrics.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Compares datasets the spark-fast-tests way: the schema first, then the rows in order. */
public final class DatasetAssertions {
  private DatasetAssertions() {}

  public static void assertDatasetEquals(Dataset<Row> expected, Dataset<Row> actual) {
    assertEquals(
        expected.schema().treeString(), actual.schema().treeString(), "schemas differ");
    assertEquals(expected.collectAsList(), actual.collectAsList(), "rows differ");
  }

  /** Schema first, then the rows regardless of order (for steps whose output has no order). */
  public static void assertSameRowsInAnyOrder(Dataset<Row> expected, Dataset<Row> actual) {
    assertEquals(
        expected.schema().treeString(), actual.schema().treeString(), "schemas differ");
    assertEquals(sorted(expected), sorted(actual), "rows differ");
  }

  private static List<String> sorted(Dataset<Row> ds) {
    return ds.collectAsList().stream().map(Row::toString).sorted().toList();
  }
}
