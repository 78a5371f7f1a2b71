package io.consentmetrics.dev;

import java.lang.management.ManagementFactory;
import org.apache.spark.sql.SparkSession;

/**
 * The benchmark's floor: the least any Spark job over the input can cost in the same setup — a JVM
 * with the job's flags, a SparkSession, and {@code spark.read.text(input).count()}, which reads every
 * byte once and parses nothing. What the job takes above this is the job's own work. Prints one line:
 * {@code lines=N session_ms=S count_ms=C}.
 */
public final class TextScanFloor {
  private TextScanFloor() {}

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println(DevCli.PROGRAM + ": error: usage: TextScanFloor INPUT_DIR");
      System.exit(DevCli.USAGE_ERROR);
    }
    long sinceJvmStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    long started = System.nanoTime();
    SparkSession spark = SparkSession.builder().appName("text-scan-floor").getOrCreate();
    long sessionReady = System.nanoTime();
    long lines = spark.read().text(args[0]).count();
    long counted = System.nanoTime();
    spark.stop();
    System.out.printf("lines=%d jvm_ms=%d session_ms=%d count_ms=%d%n", lines, sinceJvmStart,
        (sessionReady - started) / 1_000_000, (counted - sessionReady) / 1_000_000);
  }
}
