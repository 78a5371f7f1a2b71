package io.consentmetrics;

import com.typesafe.config.ConfigFactory;
import io.consentmetrics.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Runs {@link Main} in the test JVM, on the shared SparkSession, with system properties set as
 * {@code -D} flags would set them, and captures what it prints.
 */
public final class MainRunner {
  private MainRunner() {}

  public record Result(int status, String out, String err) {}

  public static Result run(Map<String, String> systemProperties, String... args) {
    SharedSpark.session();
    systemProperties.forEach(System::setProperty);
    ConfigFactory.invalidateCaches();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      int status = Main.run(args, o, e);
      return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      systemProperties.keySet().forEach(System::clearProperty);
      ConfigFactory.invalidateCaches();
      // The job sets its shuffle width; restore the test session's.
      SharedSpark.session().conf().set("spark.sql.shuffle.partitions", 1);
    }
  }
}
