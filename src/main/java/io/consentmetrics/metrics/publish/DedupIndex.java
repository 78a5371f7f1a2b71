package io.consentmetrics.metrics.publish;

import static org.apache.spark.sql.functions.col;

import io.consentmetrics.metrics.Columns;
import io.consentmetrics.metrics.rules.CrossRunDedup;
import io.consentmetrics.spark.Literals;
import io.consentmetrics.storage.Storage;
import java.util.List;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The dedup index {@code ids/datehour=…/}: for each hour a run computed, every distinct id of its
 * accepted events and whether that hour keeps the id ({@link Columns#KEPT}). It is what lets a run
 * of some hours deduplicate against the hours it does not read (SPEC rule 3, across runs).
 *
 * <p>Why an id and a flag, and nothing more: copies in different folders are ordered by their folder
 * alone, and the copies of one folder are always read together (a run reads whole hours), so the
 * event time and the content only ever break ties inside a run. Why every id and not only the kept
 * ones: with the dedup horizon, whether an hour keeps an id depends on every earlier folder that holds
 * it, so a backfill must find the later hours where the id was a duplicate too.
 *
 * <p>Written as {@code table/} is: only the run's hours are replaced, complete or not at all.
 */
public final class DedupIndex {
  /** One index row; the datehour is the partition column. */
  public static final StructType SCHEMA = CrossRunDedup.FLAGS;

  private DedupIndex() {}

  /**
   * The index rows of the hours from {@code fromHour} on (partition pruning: older hours are not
   * listed), or none when there is no index yet.
   */
  public static Dataset<Row> read(SparkSession spark, Storage storage, String location, String fromHour) {
    if (!storage.exists(location)) {
      return none(spark);
    }
    return spark.read().schema(SCHEMA).parquet(location)
        .filter(col(Columns.DATEHOUR).geq(Literals.of(fromHour)))
        .select(Columns.ID, Columns.KEPT, Columns.DATEHOUR);
  }

  /** An empty index: what a full run deduplicates against (its own hours only). */
  public static Dataset<Row> none(SparkSession spark) {
    return spark.createDataFrame(List.of(), SCHEMA);
  }

  /** Replaces, in the index at {@code location}, exactly the hours of {@code rows} ({@link #SCHEMA}). */
  public static void write(Dataset<Row> rows, String location) {
    replacingHours(rows.select(Columns.ID, Columns.KEPT, Columns.DATEHOUR).write(), location).parquet(location);
  }

  /**
   * A writer that replaces only the datehour partitions it writes: on S3 the S3A "partitioned"
   * staging committer in "replace" mode (Spark's dynamic partition overwrite does not work through
   * the S3A committers in Spark 3.2), elsewhere Spark's dynamic partition overwrite. The same
   * discipline as {@link MetricsWriters#table}.
   */
  static DataFrameWriter<Row> replacingHours(DataFrameWriter<Row> writer, String location) {
    DataFrameWriter<Row> byHour = writer.partitionBy(Columns.DATEHOUR);
    if (Storage.isS3(location)) {
      return byHour
          .mode(SaveMode.Append)
          .option("fs.s3a.committer.name", "partitioned")
          .option("fs.s3a.committer.staging.conflict-mode", "replace");
    }
    return byHour.mode(SaveMode.Overwrite).option("partitionOverwriteMode", "dynamic");
  }
}
