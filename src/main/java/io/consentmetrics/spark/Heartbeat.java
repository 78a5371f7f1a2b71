package io.consentmetrics.spark;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Says that a long step is still running: one line every {@code every} while it runs, none for a
 * step that ends sooner, so a short or failing run prints nothing extra. Without it a run with no
 * terminal (cron, a scheduler's log, a pipe) is silent for as long as its longest step.
 */
public final class Heartbeat implements AutoCloseable {
  /**
   * How often a long step says it is still running: with the JVM and session start before the first
   * step, a run is never silent much longer than 15 s.
   */
  public static final Duration EVERY = Duration.ofSeconds(10);

  private static final Heartbeat NONE = new Heartbeat(null);

  private final ScheduledExecutorService timer;

  private Heartbeat(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  /** Starts beating for {@code step}; {@code detail} adds what is known of its progress. */
  public static Heartbeat start(PrintStream out, String step, Duration every, Supplier<String> detail) {
    long started = System.nanoTime();
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "heartbeat");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleAtFixedRate(() -> {
      long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
      String more = detail.get();
      out.println("consent-metrics: " + step + " still running (" + seconds + " s" + (more.isEmpty() ? "" : "; " + more) + ")");
    }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    return new Heartbeat(timer);
  }

  /**
   * For a step of a Spark job, with the tasks done of its running stages; none at all when Spark's
   * own console progress bar is on (it already shows them, on the same stream).
   */
  public static Heartbeat forSparkStep(SparkSession spark, String step) {
    if (spark.sparkContext().getConf().getBoolean("spark.ui.showConsoleProgress", false)) {
      return NONE;
    }
    return start(System.err, step, EVERY, () -> stages(spark));
  }

  private static String stages(SparkSession spark) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    StringBuilder s = new StringBuilder();
    for (int id : sc.statusTracker().getActiveStageIds()) {
      SparkStageInfo stage = sc.statusTracker().getStageInfo(id);
      if (stage != null) {
        s.append(s.length() == 0 ? "" : ", ").append("stage ").append(id).append(": ")
            .append(stage.numCompletedTasks()).append('/').append(stage.numTasks()).append(" tasks");
      }
    }
    return s.toString();
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
