package io.consentmetrics.jobs.metrics;

import io.consentmetrics.common.JobConfig;
import io.consentmetrics.common.JobFailure;
import io.consentmetrics.common.OutputLease;
import io.consentmetrics.common.Storage;
import java.time.Duration;
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
import org.apache.spark.storage.StorageLevel;

/**
 * The consent metrics job: read → validate → deduplicate → consent → metrics → write.
 *
 * <p>Outputs are written in an order that keeps readers safe: this run's snapshot and rejected
 * lines first, then {@code current/} is replaced in one step, then the summary. A run that fails
 * anywhere leaves the previous {@code current/} untouched. The run holds the output root's lease
 * throughout (one writer per root), and a run whose input fails the quality gate writes only its
 * rejected lines and its summary (marked failed).
 */
public final class MetricsJob {

  private final SparkSession spark;
  private final JobConfig config;
  private final Storage storage;
  private final OutputLayout out;
  private final Map<String, Long> durationsMs = new LinkedHashMap<>();
  private String metricsSha256;
  private long currentHours;
  private String leaseTakenOverFrom;
  private int leftoversRemoved;

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
    Duration leaseMaxAge = config.safeguards().leaseMaxAge();
    try (OutputLease lease = OutputLease.acquire(storage, out.root(), out.runId(), Instant.now(), leaseMaxAge)) {
      leaseTakenOverFrom = lease.takenOverFrom().orElse(null);
      leftoversRemoved = Leftovers.clean(storage, out.root(), Instant.now(), leaseMaxAge);
      storage.deleteIfEmpty(out.stagingRoot());
      return run(started);
    }
  }

  private RunSummary run(long started) {
    EventInput.Files files = timed("list_input", () -> EventInput.list(storage, config.input(), config.hours()));

    Dataset<Row> classified =
        EventInput.read(spark, files)
            .transform(EventParser::parse)
            .transform(Validation::classify)
            .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> events =
        classified
            .transform(Validation::dropRejected)
            .transform(Dedup::firstDelivery)
            .transform(Consent::flag)
            .transform(Lateness::flag)
            .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> metrics =
        events.transform(Metrics::perDatehourDomainCountry).persist(StorageLevel.MEMORY_AND_DISK());

    try {
      Row lines = timed("read_and_validate", () -> readAndValidate(classified, files));
      long linesRead = lines.getAs(Accounting.LINES_READ);
      if (linesRead == 0) {
        throw new JobFailure(
            "no events in " + config.input() + ": all " + files.paths().size() + " input files are empty");
      }
      Row counted = timed("deduplicate_and_flag", () -> Accounting.events(events).first());
      long groups = timed("aggregate", metrics::count);
      RunSummary measured = summary(files, lines, counted, groups, started);
      Optional<String> gateFailure = QualityGate.of(config.safeguards())
          .failure(measured.linesRead(), measured.rejected(), measured.eventsCounted());

      step("write_rejected", () -> writeRejected(classified));
      if (gateFailure.isPresent()) {
        refuseToPublish(summary(files, lines, counted, 0, started), gateFailure.get());
      }
      step("write_hist", () -> metrics.write().mode(SaveMode.ErrorIfExists).parquet(out.hist()));
      step("write_table", () -> writeTable(metrics));
      step("publish_current", () -> publishCurrent(metrics));
      tidyLocalOutputs();
      RunSummary summary = summary(files, lines, counted, groups, started).withOutcome(outcome(null));
      storage.writeTextAtomically(out.summary(), summary.toJson());
      return summary;
    } finally {
      metrics.unpersist();
      events.unpersist();
      classified.unpersist();
    }
  }

  /** The quality gate failed: the summary (marked failed) and rejected/ are written, nothing else. */
  private void refuseToPublish(RunSummary summary, String failure) {
    tidyLocalOutputs();
    storage.writeTextAtomically(out.summary(),
        summary.withOutcome(outcome(failure)).toJson());
    throw new JobFailure(failure);
  }

  private RunSummary.Outcome outcome(String failure) {
    return new RunSummary.Outcome(failure == null ? RunSummary.Outcome.SUCCEEDED : RunSummary.Outcome.FAILED,
        failure, currentHours, leaseTakenOverFrom, leftoversRemoved);
  }

  private RunSummary summary(EventInput.Files files, Row lines, Row counted, long groups, long started) {
    durationsMs.put("total", millisSince(started));
    long linesRead = lines.getAs(Accounting.LINES_READ);
    long accepted = linesRead - lines.<Long>getAs(Validation.MALFORMED_JSON)
        - lines.<Long>getAs(Validation.MISSING_ID);
    return new RunSummary(
        out.runId(),
        config.input(),
        config.output(),
        files.paths().size(),
        files.bytes(),
        linesRead,
        lines.getAs(Validation.MALFORMED_JSON),
        lines.getAs(Validation.MISSING_ID),
        accepted - counted.<Long>getAs(Accounting.EVENTS_DEDUPLICATED),
        counted.getAs(Accounting.UNKNOWN_TYPE),
        counted.getAs(Accounting.EVENTS_COUNTED),
        counted.getAs(Accounting.INVALID_TOKEN),
        counted.getAs(Accounting.LATE_EVENTS),
        groups,
        metricsSha256,
        Collections.unmodifiableMap(new LinkedHashMap<>(durationsMs)));
  }

  /** Hadoop's local filesystem writes a .crc file next to each file; readers do not need them. */
  private void tidyLocalOutputs() {
    for (String dir : List.of(out.hist(), out.rejected(), out.table(), out.current())) {
      storage.deleteLocalChecksums(dir);
    }
  }

  /**
   * The first action: it reads every input file. When that fails on a file that cannot be
   * decompressed, the error names the file (found by reading the files again, on this failure path
   * only).
   */
  private Row readAndValidate(Dataset<Row> classified, EventInput.Files files) {
    try {
      return Accounting.lines(classified).first();
    } catch (Exception e) { // SparkException is checked, but thrown undeclared from Scala
      if (isDecompressionFailure(e)) {
        EventInput.firstUnreadable(storage, files).ifPresent(culprit -> {
          throw new JobFailure("cannot read input file " + culprit, e);
        });
      }
      throw e;
    }
  }

  /** Spark reports a task's exception in the job-abort message, not always as the cause. */
  private static boolean isDecompressionFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (t instanceof java.io.EOFException || t instanceof java.util.zip.ZipException
          || message.contains("java.io.EOFException") || message.contains("java.util.zip.ZipException")) {
        return true;
      }
    }
    return false;
  }

  private void writeRejected(Dataset<Row> classified) {
    classified
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
   *
   * <p>A full run publishes its own metrics. An incremental run ({@code --from/--to}) computed only
   * some hours, so {@code current/} is rebuilt from {@code table/}, which holds every hour computed
   * so far, this run's hours already replaced.
   */
  private void publishCurrent(Dataset<Row> metrics) {
    Dataset<Row> complete = config.hours().isPresent() ? spark.read().parquet(out.table()) : metrics;
    String staged = out.staging() + "/current";
    MetricsCsv.write(complete, staged);
    List<String> parts = storage.filesEndingWith(staged, MetricsCsv.FILE_SUFFIX);
    if (parts.size() != 1) {
      throw new JobFailure("expected one CSV file in " + staged + ", found " + parts.size());
    }
    metricsSha256 = storage.sha256(parts.get(0));
    storage.replace(parts.get(0), out.currentCsv());
    storage.delete(out.staging());
    storage.deleteIfEmpty(out.stagingRoot());
    currentHours = complete.select(Columns.DATEHOUR).distinct().count();
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
