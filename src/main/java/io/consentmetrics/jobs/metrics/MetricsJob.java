package io.consentmetrics.jobs.metrics;

import io.consentmetrics.common.JobConfig;
import io.consentmetrics.common.JobFailure;
import io.consentmetrics.common.Observations;
import io.consentmetrics.common.Storage;
import io.consentmetrics.jobs.metrics.report.RunReport;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The consent metrics job: read → validate → deduplicate → consent → metrics → write.
 *
 * <p>Outputs are written in an order that keeps readers safe: this run's snapshot and rejected
 * lines first, then {@code current/} is replaced in one step, then the summary. A run that fails
 * anywhere leaves the previous {@code current/} untouched.
 */
public final class MetricsJob {

  private final SparkSession spark;
  private final JobConfig config;
  private final Storage storage;
  private final OutputLayout out;
  private final Map<String, Long> durationsMs = new LinkedHashMap<>();
  private String metricsSha256;

  private MetricsJob(SparkSession spark, JobConfig config, Instant runStart) {
    this.spark = spark;
    this.config = config;
    this.storage = new Storage(spark.sparkContext().hadoopConfiguration());
    this.out = new OutputLayout(config.output(), runStart);
  }

  /** Runs the job once; {@code runStart} names this run's snapshot folders. */
  public static RunSummary run(SparkSession spark, JobConfig config, Instant runStart) {
    return new MetricsJob(spark, config, runStart).run();
  }

  private RunSummary run() {
    long started = System.nanoTime();
    EventInput.Files files = timed("list_input", () -> EventInput.list(storage, config.input(), config.hours()));
    Observations.Observed<List<Row>> computed = timed("compute", () -> compute(files));
    Accounting.Counts counts = Accounting.Counts.of(computed.metrics());
    if (counts.linesRead() == 0) {
      throw new JobFailure(
          "no events in " + config.input() + ": all " + files.files().size() + " input files are empty");
    }
    Dataset<Row> metrics = Metrics.inOutputOrder(spark.createDataFrame(computed.result(), Metrics.SCHEMA));

    step("write_rejected", () -> writeRejected(files, counts));
    step("write_hist", () -> metrics.write().mode(SaveMode.ErrorIfExists).parquet(out.hist()));
    step("write_table", () -> writeTable(metrics));
    step("publish_current", () -> publishCurrent(metrics));
    durationsMs.put("total", millisSince(started));

    RunSummary summary =
        new RunSummary(
            out.runId(),
            config.input(),
            config.output(),
            files.files().size(),
            files.bytes(),
            counts,
            computed.result().size(),
            metricsSha256,
            Collections.unmodifiableMap(new LinkedHashMap<>(durationsMs)));
    RunSummary reported = config.report() ? withReport(summary, metrics, started) : summary;
    storage.writeTextAtomically(out.summary(), reported.toJson());
    return reported;
  }

  /** The pipeline, top-down: each step a named transform; reading and writing stay outside. */
  static Dataset<Row> metricsOf(Dataset<Row> lines) {
    return lines
        .transform(EventParser::parse)
        .transform(Accounting::observeLines)
        .transform(Validation::dropRejected)
        .transform(Dedup::firstDelivery)
        .transform(Consent::flag)
        .transform(Lateness::flag)
        .transform(Accounting::observeEvents)
        .transform(Metrics::perDatehourDomainCountry);
  }

  /** Writes the run's HTML report; the summary gains its step duration and the new total. */
  private RunSummary withReport(RunSummary summary, Dataset<Row> metrics, long started) {
    step("write_report", () -> RunReport.write(storage, out, metrics, summary));
    durationsMs.remove("total");
    durationsMs.put("total", millisSince(started));
    return summary.withDurationsMs(Collections.unmodifiableMap(new LinkedHashMap<>(durationsMs)));
  }

  /**
   * The one action over the input: it reads every file once, and brings back the metrics (one row
   * per group: small) and the run's counts, measured on the way. A file that cannot be read fails
   * the run naming it.
   */
  private Observations.Observed<List<Row>> compute(EventInput.Files files) {
    try {
      return Observations.run(spark, () -> metricsOf(EventInput.read(spark, files)).collectAsList());
    } catch (Exception e) { // SparkException is checked, but thrown undeclared from Scala
      throw unreadableInput(e).map(message -> (RuntimeException) new JobFailure(message, e))
          .orElseGet(() -> e instanceof RuntimeException r ? r : new IllegalStateException(e));
    }
  }

  /** Spark reports a task's exception in the job-abort message, not always as the cause. */
  private static Optional<String> unreadableInput(Throwable e) {
    String marker = InputLines.UnreadableInputException.PREFIX;
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      int at = message.indexOf(marker);
      if (at >= 0) {
        return Optional.of(message.substring(at).lines().findFirst().orElse(marker));
      }
    }
    return Optional.empty();
  }

  /**
   * The rejected lines with their reason. Only a run that rejected lines reads its input a second
   * time for them: keeping every raw line of the first pass would cost far more on clean input.
   */
  private void writeRejected(EventInput.Files files, Accounting.Counts counts) {
    Dataset<Row> rejected =
        counts.rejected() == 0
            ? spark.createDataFrame(List.of(), EventParser.PARSED_SCHEMA)
            : EventInput.read(spark, files).transform(EventParser::parse);
    rejected
        .transform(Validation::rejectedOnly)
        .write()
        .mode(SaveMode.ErrorIfExists)
        .json(out.rejected());
  }

  /**
   * Replaces, in {@code table/}, exactly the datehour partitions this run computed. On S3 that is
   * the S3A "partitioned" staging committer in "replace" mode (Spark's dynamic partition overwrite
   * does not work through the S3A committers in Spark 3.2); elsewhere, Spark's dynamic partition
   * overwrite.
   */
  private void writeTable(Dataset<Row> metrics) {
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
   * or absent); the one part file is then moved over {@code current/metrics.csv} in one step. Its
   * hash goes into the summary: two runs over the same input publish the same bytes.
   */
  private void publishCurrent(Dataset<Row> metrics) {
    String staged = out.staging() + "/current";
    metrics
        .write()
        .mode(SaveMode.ErrorIfExists)
        .option("header", "true")
        .option("emptyValue", "") // a null group is an empty cell, not ""
        .csv(staged);
    List<String> parts = storage.filesEndingWith(staged, ".csv");
    if (parts.size() != 1) {
      throw new JobFailure("expected one CSV file in " + staged + ", found " + parts.size());
    }
    metricsSha256 = storage.sha256(parts.get(0));
    storage.replace(parts.get(0), out.currentCsv());
    storage.delete(out.staging());
  }

  private <T> T timed(String step, Supplier<T> work) {
    long started = System.nanoTime();
    try {
      return work.get();
    } finally {
      durationsMs.put(step, millisSince(started));
    }
  }

  private void step(String step, Runnable work) {
    timed(step, () -> {
      work.run();
      return null;
    });
  }

  private static long millisSince(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }
}
