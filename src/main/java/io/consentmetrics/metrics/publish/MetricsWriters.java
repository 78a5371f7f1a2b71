package io.consentmetrics.metrics.publish;

import io.consentmetrics.metrics.Columns;
import io.consentmetrics.metrics.read.EventInput;
import io.consentmetrics.metrics.read.EventParser;
import io.consentmetrics.metrics.rules.Metrics;
import io.consentmetrics.metrics.rules.Validation;
import io.consentmetrics.storage.Storage;
import java.util.List;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The run's writes, one method per output of {@link OutputLayout}: the edge of the pipeline where
 * its result meets storage. Each write goes through Spark's writers and the committer the session
 * was given, so that a folder is complete or absent; {@code current/} is replaced in one step.
 */
public final class MetricsWriters {
  private final SparkSession spark;
  private final Storage storage;
  private final OutputLayout out;

  public MetricsWriters(SparkSession spark, Storage storage, OutputLayout out) {
    this.spark = spark;
    this.storage = storage;
    this.out = out;
  }

  /**
   * The rejected lines with their reason. Only a run that rejected lines reads its input a second
   * time for them: keeping every raw line of the first pass would cost far more on clean input.
   */
  public void rejected(EventInput.Files files, long rejectedLines) {
    Dataset<Row> rejected =
        rejectedLines == 0
            ? spark.createDataFrame(List.of(), EventParser.PARSED_SCHEMA)
            : EventInput.read(spark, files);
    rejected
        .transform(Validation::rejectedOnly)
        .write()
        .mode(SaveMode.ErrorIfExists)
        .json(out.rejected());
  }

  /**
   * This run's snapshot for {@code hist/}, written into the run's staging folder: {@code hist/} holds
   * only runs that published, so the snapshot is moved there ({@link #publishHist}) only once {@code
   * current/} is replaced. A run that fails or is killed before leaves it to the leftover cleanup.
   */
  public void hist(Dataset<Row> metrics) {
    metrics.write().mode(SaveMode.ErrorIfExists).parquet(stagedHist());
  }

  /** Moves the staged snapshot to its own folder of {@code hist/}, so it never replaces another. */
  private void publishHist() {
    storage.moveFolder(stagedHist(), out.hist());
  }

  private String stagedHist() {
    return out.staging() + "/hist";
  }

  /**
   * Replaces, in {@code table/}, exactly the datehour partitions this run computed. On S3 that is
   * the S3A "partitioned" staging committer in "replace" mode (Spark's dynamic partition overwrite
   * does not work through the S3A committers in Spark 3.2); elsewhere, Spark's dynamic partition
   * overwrite.
   */
  public void table(Dataset<Row> metrics) {
    DataFrameWriter<Row> writer = metrics.write().partitionBy(Columns.DATEHOUR);
    if (Storage.isS3(out.table())) {
      writer
          .mode(SaveMode.Append)
          .option("fs.s3a.committer.name", "partitioned")
          .option("fs.s3a.committer.staging.conflict-mode", "replace");
    } else {
      writer.mode(SaveMode.Overwrite).option("partitionOverwriteMode", "dynamic");
    }
    writer.parquet(out.table());
  }

  /**
   * Spark writes the CSV into this run's staging folder (through the committer, so it is complete
   * or absent); the one part file is then moved over {@code current/metrics.csv} in one step, and
   * then the run's staged snapshot into {@code hist/}. Its
   * hash is returned for the summary: two runs over the same input publish the same bytes.
   */
  public String current(Dataset<Row> complete) {
    String staged = out.staging() + "/current";
    MetricsCsv.write(complete, staged);
    String sha256 = MetricsCsv.publish(storage, staged, out.currentCsv());
    publishHist();
    storage.delete(out.staging());
    storage.housekeeping().deleteIfEmpty(out.stagingRoot());
    return sha256;
  }

  /**
   * The metrics of every hour computed so far, as {@code table/} holds them: none when no hour has a
   * group (Spark cannot read a Parquet folder without files: it has no schema to infer).
   */
  public Dataset<Row> table() {
    boolean hasHours = storage.exists(out.table()) && !storage.listing().visible(out.table()).isEmpty();
    return hasHours ? spark.read().parquet(out.table()) : spark.createDataFrame(List.of(), Metrics.SCHEMA);
  }

  /** Hadoop's local filesystem writes a .crc file next to each file; readers do not need them. */
  public void tidyLocalOutputs() {
    for (String dir : List.of(out.hist(), out.rejected(), out.table(), out.ids(), out.current())) {
      storage.housekeeping().deleteLocalChecksums(dir);
    }
  }
}
