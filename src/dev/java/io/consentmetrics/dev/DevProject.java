package io.consentmetrics.dev;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The built project as the development tools see it: where the shaded jar and the resolved
 * classpaths are, and the JVM options of Spark in local mode. The script hands both over
 * ({@code -Dproject.root}, {@code -Ddev.spark.jvm-options}, one option per line), so that a job
 * started by a tool runs exactly as {@code ./interview-challenge.sh run --local} runs it.
 */
record DevProject(Path root, List<String> sparkJvmOptions) {

  /** The project the script described in this JVM's system properties. */
  static DevProject fromSystemProperties() {
    String options = System.getProperty("dev.spark.jvm-options", "");
    if (options.isBlank()) {
      throw new IllegalStateException("run the development tools through ./interview-challenge.sh");
    }
    return new DevProject(Path.of(System.getProperty("project.root", ".")).toAbsolutePath(),
        options.lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
  }

  /** A java command line: Spark's JVM options, {@code -Xmx heap}, {@code extra}, the classpath and the main class. */
  List<String> sparkJava(String heap, List<String> extra, String classpath, String mainClass) {
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    command.addAll(sparkJvmOptions);
    command.add("-Xmx" + heap);
    command.addAll(extra);
    command.addAll(List.of("-cp", classpath, mainClass));
    return command;
  }

  /**
   * The job as spark-submit would run it: the shaded jar on Spark's classpath, with the class-data
   * archive of this build ({@link #classArchive}). A tool that runs it keeps the archive the run
   * wrote once the run succeeded ({@link ClassArchive#keepWritten}).
   */
  List<String> job(String heap, List<String> extra) throws IOException {
    List<String> options = new ArrayList<>(classArchive().jvmOptions());
    options.addAll(extra);
    return sparkJava(heap, options, jar() + File.pathSeparator + sparkClasspath(), "io.consentmetrics.Main");
  }

  /** The job JVM's class-data archive, stale once the jar or the Spark classpath is rebuilt. */
  ClassArchive classArchive() {
    return new ClassArchive(root.resolve("target/consent-metrics.jsa"),
        List.of(jar(), root.resolve("target/spark-classpath.txt")));
  }

  private Path jar() {
    return root.resolve("target/consent-metrics.jar");
  }

  /** The provided-scope dependencies (Spark), as resolved by the last build. */
  String sparkClasspath() throws IOException {
    return Files.readString(root.resolve("target/spark-classpath.txt")).strip();
  }

  static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
