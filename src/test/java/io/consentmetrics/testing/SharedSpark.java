package io.consentmetrics.testing;

import io.consentmetrics.config.JobConfig;
import io.consentmetrics.spark.SparkSessions;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** The one SparkSession of the test JVM: local[2], one shuffle partition, no UI, memory leaks fail. */
public final class SharedSpark {
  private static SparkSession session;

  private SharedSpark() {}

  public static synchronized SparkSession session() {
    if (session == null) {
      session =
          SparkSession.builder()
              .master("local[2]")
              .appName("consent-metrics-tests")
              .config("spark.ui.enabled", "false")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.driver.bindAddress", "127.0.0.1")
              .config("spark.sql.shuffle.partitions", "1")
              .config("spark.default.parallelism", "2")
              // Task memory not given back (the dedup's pages) fails the task, as in Spark's own tests.
              .config("spark.unsafe.exceptionOnMemoryLeak", "true")
              .getOrCreate();
      SparkSessions.apply(session, testConfig());
    }
    return session;
  }

  /** The job's defaults, with the test JVM's one shuffle partition. */
  public static JobConfig testConfig() {
    return JobConfig.load(Map.of("shuffle-partitions", "1"));
  }
}
