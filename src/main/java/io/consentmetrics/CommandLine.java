package io.consentmetrics;

import io.consentmetrics.config.JobConfig;
import io.consentmetrics.config.Spelling;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The job's command line: a few flags, each overriding one configuration setting. */
record CommandLine(boolean help, Map<String, String> overrides, boolean configGiven) {

  static final String USAGE =
      String.join(
          System.lineSeparator(),
          "Usage: consent-metrics [--input URI] [--output URI] [--config URI]",
          "                       [--from YYYY-MM-DD-HH [--to YYYY-MM-DD-HH]]",
          "                       [--max-rejected-share SHARE] [--min-events N] [--dedup-horizon HOURS]",
          "                       [--no-report] [--help]",
          "",
          "Computes consent metrics per (datehour, domain, country) from JSON Lines events",
          "stored under <input>/datehour=YYYY-MM-DD-HH/ and writes current/, hist/, rejected/,",
          "summary/ and report/ under the output root. URIs may be s3a://bucket/path or local folders.",
          "",
          "  --input URI    root of the datehour= folders (default s3a://interview-challenge/data/events)",
          "  --output URI   output root (default s3a://interview-challenge/data/metrics)",
          "  --config URI   job config file (JSON) overlaid on the defaults; must exist",
          "                 (default: data/config/metrics-job.json in the bucket, used if present)",
          "  --from HOUR    read only the datehour= folders from this hour (YYYY-MM-DD-HH)...",
          "  --to HOUR      ...to this one, inclusive (default: --from); later hours that share",
          "                 ids with the range are recomputed, so that any schedule of runs gives",
          "                 what one run over all hours gives",
          "  --max-rejected-share SHARE  quality gate: fail, publishing nothing, when more than",
          "                 this share of the lines read is rejected (default 0.1)",
          "  --min-events N quality gate: fail, publishing nothing, when fewer events are",
          "                 counted (default 1)",
          "  --dedup-horizon HOURS  a copy whose folder lies more than this after the first",
          "                 copy's counts as new (hours, or 168h, 7d; default 7d)",
          "  --no-report    do not write this run's HTML report (report/latest.html is kept)",
          "  --help         print this help and exit",
          "",
          "S3 connection: AWS_S3_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY.",
          "Exit status: 0 on success, 2 on a usage error, 1 on any other failure.");

  private static final Map<String, String> FLAGS =
      Map.of(
          "--input", JobConfig.INPUT,
          "--output", JobConfig.OUTPUT,
          "--config", JobConfig.JOB_CONFIG,
          "--from", JobConfig.FROM,
          "--to", JobConfig.TO,
          "--max-rejected-share", JobConfig.MAX_REJECTED_SHARE,
          "--min-events", JobConfig.MIN_EVENTS,
          "--dedup-horizon", JobConfig.DEDUP_HORIZON);

  /** The flags that take no value. */
  private static final List<String> OTHER_FLAGS = List.of("--no-report", "--help", "-h");
  private static final List<String> ALL_FLAGS =
      Stream.concat(FLAGS.keySet().stream().sorted(), OTHER_FLAGS.stream()).toList();

  static CommandLine parse(String... args) {
    Map<String, String> overrides = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        return new CommandLine(true, Map.of(), false);
      }
      if (arg.equals("--no-report")) {
        overrides.put(JobConfig.REPORT, "false");
        continue;
      }
      String flag = arg;
      String value;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        flag = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      } else if (FLAGS.containsKey(arg) && i + 1 < args.length && !isFlag(args[i + 1])) {
        value = args[++i];
      } else if (FLAGS.containsKey(arg)) {
        throw new UsageException(arg + " needs a value" + (i + 1 < args.length ? ", not the flag " + args[i + 1] : ""));
      } else {
        throw unknown(arg);
      }
      if (!FLAGS.containsKey(flag)) {
        throw unknown(flag);
      }
      if (value.isBlank()) {
        throw new UsageException(flag + " needs a value");
      }
      if (overrides.put(FLAGS.get(flag), value) != null) {
        throw new UsageException(flag + " given twice"); // which one was meant cannot be known
      }
    }
    // Values are checked where every setting is, in JobConfig, whichever layer gave them.
    return new CommandLine(false, overrides, overrides.containsKey(JobConfig.JOB_CONFIG));
  }

  /** Whether {@code arg} is one of the job's flags: never taken as another flag's value. */
  private static boolean isFlag(String arg) {
    String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
    return FLAGS.containsKey(name) || OTHER_FLAGS.contains(name);
  }

  /** An unknown argument, with the flag the user most likely meant when one is close. */
  private static UsageException unknown(String arg) {
    return new UsageException("unknown argument: " + arg
        + Spelling.closest(arg, ALL_FLAGS).map(flag -> " (did you mean " + flag + "?)").orElse(""));
  }

  /** A command line the job cannot run with. */
  static final class UsageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }
}
