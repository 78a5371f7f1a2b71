package io.consentmetrics;

import io.consentmetrics.config.InvalidSetting;
import io.consentmetrics.config.JobConfig;
import io.consentmetrics.config.JobConfigFile;
import io.consentmetrics.metrics.ErrorLines;
import io.consentmetrics.metrics.MetricsJob;
import io.consentmetrics.metrics.publish.OutputLayout;
import io.consentmetrics.metrics.publish.RunSummary;
import io.consentmetrics.metrics.rules.Accounting;
import io.consentmetrics.spark.SparkSessions;
import io.consentmetrics.storage.FileNameEncoding;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalInt;
import org.apache.spark.sql.SparkSession;
import scala.Option;

/** The spark-submit entry point. */
public final class Main {
  static final String PROGRAM = "consent-metrics";
  /** The system property that names the file Spark's own log lines go to (docker/spark/conf/log4j.properties). */
  static final String SPARK_LOG_FILE = "consent-metrics.log-file";

  private Main() {}

  public static void main(String[] args) {
    int status = run(args, System.out, System.err);
    Option<SparkSession> session = SparkSession.getDefaultSession();
    if (session.isDefined()) {
      session.get().stop();
    }
    System.exit(status);
  }

  /**
   * Loads the configuration once, before the SparkSession exists: the settings without the job
   * config file say where that file is and how to reach it; the file (read with a FileSystem of its
   * own) then joins the layers, and the session and its S3 client are created with the result.
   */
  static JobConfig loadConfig(CommandLine cli) {
    JobConfig withoutFile = JobConfig.load(cli.overrides());
    return JobConfig.load(cli.overrides(), JobConfigFile.read(withoutFile, cli.configGiven()));
  }

  /**
   * Answers what the command line alone decides, without reading any file, the network or starting
   * Spark: prints the help (status 0), or one error line for a usage error or a flag value that is
   * not valid, such as {@code --from nonsense} (status 2). Empty when the job should run. Public so
   * that a launcher that prepares an environment first (the local run's S3 server) can answer these
   * at once, with the job's own parser and messages.
   */
  public static OptionalInt answerArguments(String[] args, PrintStream out, PrintStream err) {
    CommandLine cli;
    try {
      cli = CommandLine.parse(args);
    } catch (CommandLine.UsageException e) {
      err.println(PROGRAM + ": error: " + e.getMessage() + " (see --help)");
      return OptionalInt.of(2);
    }
    if (cli.help()) {
      out.println(CommandLine.USAGE);
      return OptionalInt.of(0);
    }
    try {
      JobConfig.load(cli.overrides()); // the flags' values, checked without the job config file
    } catch (InvalidSetting e) {
      if (e.onCommandLine()) {
        err.println(PROGRAM + ": error: " + e.getMessage() + " (see --help)");
        return OptionalInt.of(2);
      }
    } catch (RuntimeException e) {
      // Not the command line's fault (a setting from elsewhere): the run reports it.
    }
    return OptionalInt.empty();
  }

  /**
   * The run in one line for a person, printed after the JSON summary on stderr, so that stdout stays
   * one JSON document ({@code run | jq}). ASCII arrows: a console's encoding cannot spoil them.
   */
  static String humanLine(RunSummary summary, boolean report) {
    Accounting.Counts c = summary.counts();
    OutputLayout out = new OutputLayout(summary.output(), Instant.EPOCH, "");
    String rejectedShare = c.linesRead() == 0 ? "" : String.format(Locale.ROOT, " (%.1f %%)", 100.0 * c.rejected() / c.linesRead());
    return String.format(Locale.ROOT, "%d lines -> %d events counted, %d rejected%s, %d duplicates; %d groups -> %s%s",
        c.linesRead(), c.eventsCounted(), c.rejected(), rejectedShare, c.duplicates(),
        summary.published().groupsWritten(), out.currentCsv(), report ? "; report: " + out.latestReport() : "");
  }

  /**
   * Runs the job and returns the exit status; prints the run summary on {@code out} and one line
   * for a person on {@code err} (see {@link #humanLine}), or one error line on {@code err}. Leaves the SparkSession running, so tests can share one.
   */
  static int run(String[] args, PrintStream out, PrintStream err) {
    OptionalInt answered = answerArguments(args, out, err);
    if (answered.isPresent()) {
      return answered.getAsInt();
    }
    CommandLine cli = CommandLine.parse(args);
    Instant runStart = Instant.now();
    try {
      JobConfig config = loadConfig(cli);
      FileNameEncoding.requireUtf8ForLocalPaths(config);
      SparkSession spark = SparkSessions.getOrCreate(config);
      RunSummary summary = MetricsJob.run(spark, config, runStart);
      out.println(summary.toJson());
      err.println(humanLine(summary, config.report()));
      return 0;
    } catch (InvalidSetting e) {
      err.println(PROGRAM + ": error: " + e.getMessage() + (e.onCommandLine() ? " (see --help)" : ""));
      return e.onCommandLine() ? 2 : 1;
    } catch (Exception | LinkageError e) {
      err.println(PROGRAM + ": error: " + ErrorLines.of(e) + sparkLogHint());
      return 1;
    }
  }

  /**
   * Where Spark's own lines of the run went, when the launcher sent them to a file rather than the
   * terminal ({@code docker/spark/conf/log4j.properties}): a failed task's error and trace are there.
   */
  static String sparkLogHint() {
    String file = System.getProperty(SPARK_LOG_FILE);
    return file != null && new java.io.File(file).length() > 0 ? " (Spark's log: " + file + ")" : "";
  }
}
