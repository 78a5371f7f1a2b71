package io.consentmetrics.metrics;

import io.consentmetrics.config.JobConfig;
import io.consentmetrics.metrics.publish.DedupIndex;
import io.consentmetrics.metrics.publish.HaltPoints;
import io.consentmetrics.metrics.publish.Leftovers;
import io.consentmetrics.metrics.publish.MetricsWriters;
import io.consentmetrics.metrics.publish.OutputLayout;
import io.consentmetrics.metrics.publish.OutputLease;
import io.consentmetrics.metrics.publish.RunSummary;
import io.consentmetrics.metrics.publish.TableHours;
import io.consentmetrics.metrics.publish.report.HourQuality;
import io.consentmetrics.metrics.publish.report.RunReport;
import io.consentmetrics.metrics.read.EventInput;
import io.consentmetrics.metrics.read.EventParser;
import io.consentmetrics.metrics.read.InputLines;
import io.consentmetrics.metrics.read.LineCounts;
import io.consentmetrics.metrics.rules.Accounting;
import io.consentmetrics.metrics.rules.Consent;
import io.consentmetrics.metrics.rules.Dedup;
import io.consentmetrics.metrics.rules.Lateness;
import io.consentmetrics.metrics.rules.Metrics;
import io.consentmetrics.metrics.rules.QualityGate;
import io.consentmetrics.metrics.rules.ShufflePartitions;
import io.consentmetrics.metrics.rules.Validation;
import io.consentmetrics.storage.Locations;
import io.consentmetrics.storage.Storage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;

/**
 * The consent metrics job: read → validate → deduplicate → consent → metrics → write.
 *
 * <p>Outputs are written in an order that keeps readers safe: this run's rejected lines and staged
 * snapshot first, then {@code current/} is replaced in one step (and the snapshot moved into {@code
 * hist/}), then the summary. A run that fails anywhere leaves the previous {@code current/}
 * untouched. The run holds the output root's lease throughout (one writer per root), and a run
 * whose input fails the quality gate writes only its rejected lines and its summary (marked failed).
 */
public final class MetricsJob {

  /** The rows {@link #metricsOf} gives: every group's metrics and the summary's counts of its events. */
  public static final StructType GROUPS = Metrics.perGroupSchema(Accounting.eventCounts().keySet());

  private final SparkSession spark;
  private final JobConfig config;
  private final Storage storage;
  private final OutputLayout out;
  private final MetricsWriters writers;
  private final StepTimes times;
  private long currentHours;
  /** The run's groups ({@link #GROUPS}) from its one pass over the input, kept for every write. */
  private Dataset<Row> groups;
  /** What current/ was written from: every hour it holds, which the report shows. */
  private Dataset<Row> currentMetrics;
  private String leaseTakenOverFrom;
  private int leftoversRemoved;

  private MetricsJob(SparkSession spark, JobConfig config, Instant runStart) {
    this.spark = spark;
    this.config = config;
    this.storage = new Storage(spark.sparkContext().hadoopConfiguration());
    this.out = OutputLayout.forNewRun(config.output(), runStart, OutputLayout::randomSuffix, storage::exists);
    this.writers = new MetricsWriters(spark, storage, out);
    this.times = new StepTimes(spark);
  }

  /** Runs the job once; {@code runStart} names this run's snapshot folders. */
  public static RunSummary run(SparkSession spark, JobConfig config, Instant runStart) {
    return new MetricsJob(spark, config, runStart).run();
  }

  private RunSummary run() {
    long started = System.nanoTime();
    Locations.overlap(storage.qualified(config.input()), storage.qualified(config.output())).ifPresent(overlap -> {
      throw new JobFailure(overlap);
    });
    Duration leaseMaxAge = config.safeguards().leaseMaxAge();
    try (OutputLease lease = OutputLease.acquire(
        storage, out.root(), out.runId(), Instant.now(), leaseMaxAge, config.safeguards().leaseSettle())) {
      leaseTakenOverFrom = lease.takenOverFrom().orElse(null);
      leftoversRemoved = Leftovers.clean(storage, out.root(), config.input(), Instant.now(), leaseMaxAge);
      storage.housekeeping().deleteIfEmpty(out.stagingRoot());
      return run(started);
    } finally {
      if (groups != null) {
        groups.unpersist();
      }
    }
  }

  /** The run, step by step: list → dedup scope → compute (one pass) → gate → write → publish → summarize. */
  private RunSummary run(long started) {
    EventInput.Files listed = times.timed("list_input", () -> EventInput.list(storage, config.input(), config.hours()));
    spark.conf().set("spark.sql.shuffle.partitions", ShufflePartitions.forInput(
        listed.bytes(), spark.sparkContext().defaultParallelism(), config.shufflePartitions()));
    DedupScope scope = times.timed("dedup_scope", () -> DedupScope.of(spark, storage, config, out, listed));
    EventInput.Files files = scope.files();
    LineCounts lines = LineCounts.register(spark.sparkContext());
    LongAccumulator duplicatesInOtherFolders = spark.sparkContext().longAccumulator("duplicates_in_other_folders");
    List<Row> perHour = times.timed("compute", () -> compute(files, lines, scope.dedup(duplicatesInOtherFolders)));
    Accounting.Counts counts = Accounting.Counts.of(lines.value(), perHour).plusDuplicates(duplicatesInOtherFolders.value());
    if (counts.linesRead() == 0) {
      throw new JobFailure(
          "no events in " + config.input() + ": all " + files.files().size() + " input files are empty");
    }
    Dataset<Row> metrics = Metrics.inOutputOrder(groups.transform(Metrics::published));
    Optional<String> gateFailure = QualityGate.of(config.safeguards())
        .failure(counts.linesRead(), counts.rejected(), counts.eventsCounted());

    times.step("write_rejected", () -> writers.rejected(files, counts.rejected()));
    if (gateFailure.isPresent()) {
      refuseToPublish(summary(files, counts, RunSummary.Published.NOTHING, started), gateFailure.get());
    }
    times.step("write_hist", () -> writers.hist(metrics));
    // The index before table/: a run killed between the two leaves later runs a true index; its rerun repairs table/.
    times.step("write_index", () -> DedupIndex.write(scope.flags(), out.ids()));
    scope.release();
    HaltPoints.reached(HaltPoints.INDEX_WRITTEN);
    times.step("write_table", () -> {
      writers.table(metrics);
      TableHours.removeWithoutGroups(storage, out, coveredHours(scope), Accounting.publishedHours(perHour));
    });
    String sha256 = times.timed("publish_current", () -> publishCurrent(metrics));
    writers.tidyLocalOutputs();
    RunSummary summary = summary(files, counts, new RunSummary.Published(Accounting.publishedGroups(perHour), sha256), started)
        .withRecomputedHours(scope.recomputed());
    RunSummary reported = config.report() ? withReport(summary, HourQuality.of(lines.value(), perHour), started) : summary;
    storage.atomic().writeText(out.summary(), reported.toJson());
    return reported;
  }

  /**
   * The hours this run replaces in {@code table/}: every hour of its {@code --from/--to} range, even
   * one that has no folder now, and every hour it read (the later hours it recomputed included).
   */
  private Set<String> coveredHours(DedupScope scope) {
    Set<String> covered = new TreeSet<>(scope.hours());
    config.hours().ifPresent(range -> covered.addAll(range.datehours()));
    return covered;
  }

  /**
   * The pipeline, top-down: each step a named transform; reading and writing stay outside. It
   * starts from the parsed lines ({@link EventParser#PARSED_SCHEMA}), as {@link EventInput#read}
   * gives them, and gives one row per group ({@link #GROUPS}): the metrics, and the counts of the
   * group's events for the run summary. {@link Metrics#published} keeps the groups to publish.
   */
  public static Dataset<Row> metricsOf(Dataset<Row> parsedLines) {
    return metricsOf(parsedLines, Dedup::firstDelivery);
  }

  /** The same with the run's dedup step ({@link DedupScope#dedup}). */
  static Dataset<Row> metricsOf(Dataset<Row> parsedLines, UnaryOperator<Dataset<Row>> dedup) {
    return parsedLines
        .transform(Validation::dropRejected)
        .transform(dedup::apply)
        .transform(Consent::flag)
        .transform(Lateness::flag)
        .transform(events -> Metrics.perGroup(events, Accounting.eventCounts()));
  }

  /**
   * Writes the run's HTML report of current/; the summary gains the report's step duration, the new
   * total and the headline numbers the page shows. The page shows that very summary, so the step is
   * the report's preparation (its page is rendered and written once the total is known). {@code
   * current/} is already replaced, so a report that cannot be written (a full disk) does not fail the
   * run: the summary says why ({@code report_error}), and agrees with what was published.
   */
  private RunSummary withReport(RunSummary summary, List<HourQuality> quality, long started) {
    RunSummary reported = summary;
    try {
      RunReport.Prepared report = times.timed("write_report", () -> RunReport.prepare(storage, out, currentMetrics, quality));
      reported = summary.withDurationsMs(times.withTotalSince(started)).withCurrentTotals(report.totals());
      report.write(reported);
      return reported;
    } catch (RuntimeException e) {
      String reportError = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName());
      return reported.withDurationsMs(times.withTotalSince(started)).withReportError(reportError);
    }
  }

  /** The quality gate failed: the summary (marked failed) and rejected/ are written, nothing else. */
  private void refuseToPublish(RunSummary summary, String failure) {
    writers.tidyLocalOutputs();
    RunSummary failed = new RunSummary(summary.runId(), summary.input(), summary.output(), summary.counts(),
        summary.published(), summary.durationsMs(), outcome(failure));
    storage.atomic().writeText(out.summary(), failed.toJson());
    throw new JobFailure(failure);
  }

  private RunSummary.Outcome outcome(String failure) {
    return new RunSummary.Outcome(failure == null ? RunSummary.Outcome.SUCCEEDED : RunSummary.Outcome.FAILED,
        failure, currentHours, leaseTakenOverFrom, leftoversRemoved, null);
  }

  private RunSummary summary(
      EventInput.Files files, Accounting.Counts counts, RunSummary.Published published, long started) {
    return new RunSummary(
        out.runId(),
        new RunSummary.Input(config.input(), files.files().size(), files.bytes()),
        config.output(),
        counts,
        published,
        times.withTotalSince(started),
        outcome(null));
  }

  /**
   * The one pass over the input: every file read once into the run's groups, kept on the executors
   * (memory, then disk) for the writes; only their sums per hour ({@link Accounting#perHour}) reach
   * the driver, never the groups. The reader counts the lines into {@code lines} on the way.
   */
  private List<Row> compute(EventInput.Files files, LineCounts lines, UnaryOperator<Dataset<Row>> dedup) {
    groups = metricsOf(EventInput.read(spark, files, lines), dedup).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      return groups.transform(Accounting::perHour).collectAsList();
    } catch (Exception e) { // SparkException is checked, but thrown undeclared from Scala
      throw InputLines.UnreadableInputException.foundIn(e).map(message -> (RuntimeException) new JobFailure(message, e))
          .orElseGet(() -> e instanceof RuntimeException r ? r : new IllegalStateException(e));
    }
  }

  /**
   * Replaces {@code current/} and returns the published CSV's hash. A full run publishes its own
   * metrics. An incremental run ({@code --from/--to}) computed only some hours, so {@code current/}
   * is rebuilt from {@code table/}, which holds every hour computed so far, this run's hours already
   * replaced.
   */
  private String publishCurrent(Dataset<Row> metrics) {
    Dataset<Row> complete = config.hours().isPresent() ? writers.table() : metrics;
    String sha256 = writers.current(complete);
    currentMetrics = complete;
    currentHours = complete.select(Columns.DATEHOUR).distinct().count();
    return sha256;
  }


}
