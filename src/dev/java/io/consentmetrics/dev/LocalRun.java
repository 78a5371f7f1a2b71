package io.consentmetrics.dev;

import io.consentmetrics.Main;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code ./interview-challenge.sh run --local}: the job in Spark local mode, in a JVM of its own as
 * spark-submit would start it, against a local S3 server (S3Proxy) that plays the compose file's
 * MinIO and keeps the bucket on disk under {@code local-run/}. The job's output and exit status are
 * the command's. The job's own argument check answers {@code --help} and usage errors (a bad
 * {@code --from}) first, in this JVM: before the server starts and before the job's JVM and Spark
 * do, which take seconds.
 */
public final class LocalRun {
  private static final DevCli CLI =
      new DevCli("run --local", "Runs the job against a local S3 server whose bucket is a folder on disk.")
          .option("--store", "DIR", null, "folder of the S3 server's buckets, kept across runs")
          .option("--bucket", "NAME", null, "the bucket the job's defaults name")
          .option("--bucket-link", "DIR", null, "a link to the bucket's folder, the path users open")
          .option("--seed", "DIR", null, "files uploaded under data/ at every start (events, job config)")
          .option("--env-file", "FILE", null, "the development credentials (AWS_ACCESS_KEY_ID=..., AWS_SECRET_ACCESS_KEY=...)");

  private LocalRun() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** The command with {@code args}; returns its exit status. What the job's arguments decide alone is printed on {@code out}/{@code err}. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    return CLI.run(args, options -> run(options, out, err), out, err);
  }

  private static int run(DevCli.Parsed options, PrintStream out, PrintStream err) throws Exception {
    List<String> jobArgs = options.rest();
    OptionalInt answered = Main.answerArguments(jobArgs.toArray(String[]::new), out, err);
    if (answered.isPresent()) {
      return answered.getAsInt();
    }
    if (onLocalFoldersOnly(jobArgs)) {
      return onLocalFolders(jobArgs);
    }
    Map<String, String> credentials = credentials(Path.of(options.text("--env-file")));
    DevProject project = DevProject.fromSystemProperties();
    Path store = Path.of(options.text("--store"));
    String bucket = options.text("--bucket");
    Path link = linkBucket(store, bucket, Path.of(options.text("--bucket-link")));
    Path metrics = link.resolve("data/metrics");
    FileTime started = FileTime.fromMillis(System.currentTimeMillis());
    int status;
    try (LocalS3Server s3 = LocalS3Server.start(store, bucket, Path.of(options.text("--seed")), 0,
        credentials.get("AWS_ACCESS_KEY_ID"), credentials.get("AWS_SECRET_ACCESS_KEY"))) {
      say("S3 API (S3Proxy) at " + s3.endpoint() + "; bucket " + bucket + " kept in " + shown(project, link)
          + "/, seeded from " + shown(project, Path.of(options.text("--seed"))) + "/");
      say("running the job in Spark local mode" + (jobArgs.isEmpty() ? "" : " with arguments: " + String.join(" ", jobArgs)));
      Map<String, String> env = new java.util.HashMap<>(credentials);
      env.put("AWS_S3_ENDPOINT_URL", s3.endpoint());
      status = job(project, jobArgs, env);
    }
    if (status != 0) {
      return status; // the job said why, in one line
    }
    if (writtenSince(metrics.resolve("current/metrics.csv"), started)) {
      say("done. current metrics: " + shown(project, metrics.resolve("current/metrics.csv")) + " (hist/ keeps every run)");
    } else {
      say("done. The job wrote to the --output it was given; " + shown(project, link) + "/ is as it was");
    }
    if (writtenSince(metrics.resolve("report/latest.html"), started)) {
      say("report: " + shown(project, metrics.resolve("report/latest.html")));
    }
    return 0;
  }

  /**
   * Whether the job's arguments name a local {@code --input} and a local {@code --output}: the job
   * then reads and writes no bucket (and looks for no job config file in one), so no S3 server is
   * needed.
   */
  static boolean onLocalFoldersOnly(List<String> jobArgs) {
    return valueOf(jobArgs, "--input").filter(LocalRun::isLocal).isPresent()
        && valueOf(jobArgs, "--output").filter(LocalRun::isLocal).isPresent();
  }

  private static Optional<String> valueOf(List<String> args, String flag) {
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).equals(flag) && i + 1 < args.size()) {
        return Optional.of(args.get(i + 1));
      }
      if (args.get(i).startsWith(flag + "=")) {
        return Optional.of(args.get(i).substring(flag.length() + 1));
      }
    }
    return Optional.empty();
  }

  /** A folder with no scheme, or a {@code file:} URI. */
  private static boolean isLocal(String location) {
    return !location.matches("[A-Za-z][A-Za-z0-9+.-]*:.*") || location.startsWith("file:");
  }

  /** The job on local folders: its JVM alone, no S3 server; says where its outputs are. */
  private static int onLocalFolders(List<String> jobArgs) throws Exception {
    DevProject project = DevProject.fromSystemProperties();
    say("local folders: running the job in Spark local mode, no S3 server");
    FileTime started = FileTime.fromMillis(System.currentTimeMillis());
    int status = job(project, jobArgs, Map.of());
    if (status != 0) {
      return status; // the job said why, in one line
    }
    Path metrics = Path.of(valueOf(jobArgs, "--output").orElseThrow().replaceFirst("^file:(//)?", ""));
    say("done. current metrics: " + shown(project, metrics.resolve("current/metrics.csv")));
    if (writtenSince(metrics.resolve("report/latest.html"), started)) {
      say("report: " + shown(project, metrics.resolve("report/latest.html")));
    }
    return 0;
  }

  /** Runs the job with {@code args} and {@code env} added to ours, sharing our console; returns its exit status. */
  private static int job(DevProject project, List<String> args, Map<String, String> env) throws IOException, InterruptedException {
    ClassArchive archive = project.classArchive();
    if (!archive.isFresh()) {
      say("first run of this build: the job also saves its loaded classes as it exits (10-15 s, once); later runs start faster");
    }
    List<String> command = new java.util.ArrayList<>(project.job("2g", List.of()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    builder.environment().putAll(env);
    int status = builder.start().waitFor();
    if (status == 0) {
      archive.keepWritten();
    }
    return status;
  }

  /**
   * Points {@code link} at the bucket's folder in the store (a relative symbolic link), replacing a
   * plain folder left there by older versions of the script, which copied the bucket out at the end.
   */
  private static Path linkBucket(Path store, String bucket, Path link) throws IOException {
    Path target = link.toAbsolutePath().getParent().relativize(store.toAbsolutePath().resolve(bucket));
    if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(target)) {
      return link;
    }
    if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
      try (Stream<Path> walk = Files.walk(link)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(link.toAbsolutePath().getParent());
    Files.createSymbolicLink(link, target);
    return link;
  }

  private static Map<String, String> credentials(Path envFile) throws IOException {
    if (!Files.isRegularFile(envFile)) {
      throw new IllegalStateException("missing " + envFile);
    }
    Map<String, String> all;
    try (Stream<String> lines = Files.lines(envFile)) {
      all = lines.filter(l -> l.matches("[A-Z_]+=.*"))
          .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1), (a, b) -> b));
    }
    for (String name : List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")) {
      if (all.getOrDefault(name, "").isEmpty()) {
        throw new IllegalStateException("no " + name + " in " + envFile);
      }
    }
    return Map.of("AWS_ACCESS_KEY_ID", all.get("AWS_ACCESS_KEY_ID"), "AWS_SECRET_ACCESS_KEY", all.get("AWS_SECRET_ACCESS_KEY"));
  }

  private static boolean writtenSince(Path file, FileTime since) throws IOException {
    return Files.exists(file) && Files.getLastModifiedTime(file).compareTo(since) >= 0;
  }

  private static String shown(DevProject project, Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    return absolute.startsWith(project.root()) ? project.root().relativize(absolute).toString() : absolute.toString();
  }

  private static void say(String message) {
    System.err.println("==> " + message);
  }
}
