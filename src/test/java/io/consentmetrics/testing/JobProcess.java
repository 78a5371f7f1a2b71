package io.consentmetrics.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The job's Main in a JVM of its own, as spark-submit would run it; output goes to a file. */
public final class JobProcess {
  private static final List<String> JDK17_SPARK_OPTS =
      Arrays.asList(System.getProperty("jdk17.spark.opens", "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED").trim().split("\\s+"));

  private final Process process;
  private final Path output;

  private JobProcess(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  /** Starts {@code io.consentmetrics.Main args} with {@code env} added to this JVM's environment. */
  public static JobProcess start(Path workDir, Map<String, String> env, List<String> jvmOptions, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    command.addAll(JDK17_SPARK_OPTS);
    command.add("-Dspark.master=local[2]");
    command.add("-Dspark.ui.enabled=false");
    command.add("-Dspark.driver.host=127.0.0.1");
    command.add("-Dspark.driver.bindAddress=127.0.0.1");
    command.add("-Dconsent-metrics.shuffle-partitions=1");
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.consentmetrics.Main");
    command.addAll(Arrays.asList(args));
    Path output = Files.createTempFile(workDir, "job-", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    builder.environment().putAll(env);
    builder.directory(workDir.toFile());
    return new JobProcess(builder.start(), output);
  }

  /** SIGKILL: no shutdown hook, no cleanup, as when a node dies. */
  public void kill() {
    process.destroyForcibly();
  }

  public int waitFor(long timeoutSeconds) throws InterruptedException {
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("job process still running after " + timeoutSeconds + " s");
    }
    return process.exitValue();
  }

  /** Everything the process printed, stdout and stderr. */
  public String output() throws IOException {
    return Files.readString(output);
  }

}
