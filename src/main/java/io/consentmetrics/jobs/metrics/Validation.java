package io.consentmetrics.jobs.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Decides which parsed lines are rejected, and why; splits the rejected from the rest. */
public final class Validation {
  private Validation() {}

  public static final String MALFORMED_JSON = "malformed_json";
  public static final String MISSING_ID = "missing_id";

  /**
   * Adds {@link Columns#REJECT_REASON}: null for a line that goes on, else the first rule it
   * breaks. Accepted lines lose their raw text and file name here: nothing downstream needs them,
   * and they would otherwise be carried (and cached) with every event.
   */
  public static Dataset<Row> classify(Dataset<Row> parsed) {
    Column rejected = col(Columns.REJECT_REASON).isNotNull();
    return parsed
        .withColumn(
            Columns.REJECT_REASON,
            when(col(EventParser.MALFORMED), lit(MALFORMED_JSON))
                .when(col(Columns.ID).isNull().or(col(Columns.ID).equalTo("")), lit(MISSING_ID)))
        .withColumn(Columns.LINE, when(rejected, col(Columns.LINE)))
        .withColumn(Columns.SOURCE_FILE, when(rejected, col(Columns.SOURCE_FILE)))
        .drop(EventParser.MALFORMED);
  }

  /** The accepted events, without the raw line (no step after validation needs it). */
  public static Dataset<Row> dropRejected(Dataset<Row> classified) {
    return classified
        .filter(col(Columns.REJECT_REASON).isNull())
        .drop(Columns.REJECT_REASON, Columns.LINE, Columns.SOURCE_FILE);
  }

  /** The rejected lines as they were read, with where they came from and why they were rejected. */
  public static Dataset<Row> rejectedOnly(Dataset<Row> classified) {
    return classified
        .filter(col(Columns.REJECT_REASON).isNotNull())
        .select(Columns.DATEHOUR, Columns.SOURCE_FILE, Columns.REJECT_REASON, Columns.LINE);
  }
}
