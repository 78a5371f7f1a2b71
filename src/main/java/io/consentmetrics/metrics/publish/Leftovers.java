package io.consentmetrics.metrics.publish;

import io.consentmetrics.storage.Locations;
import io.consentmetrics.storage.Storage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;

/**
 * What killed runs of this job leave under an output root, and nothing else: their staging folders
 * ({@code _staging/<run id>}), and the committers' {@code _temporary/} and {@code .spark-staging-*}
 * folders and half-written {@code _*.tmp} files directly inside a folder this job writes ({@code
 * current/}, {@code table/}, and a run's partition of {@code hist/}, {@code rejected/}, {@code
 * summary/}, {@code report/}). The root may hold other people's files, even the job's own input: a
 * name that merely looks like scratch ({@code notes/_draft.tmp}, {@code archive/_temporary/}) is
 * theirs and stays. A run (holding the lease, so no other run is writing) removes those older than
 * the lease age, empty folders included: a kill leaves an empty {@code _temporary/0} behind.
 */
public final class Leftovers {
  private Leftovers() {}

  /** A run id as {@link OutputLayout#runId} makes it: start time to the millisecond, 4 hex digits. */
  static final Pattern RUN_ID = Pattern.compile("\\d{8}T\\d{6}\\.\\d{3}Z-[0-9a-f]{4}");
  /** A run's partition of hist/, rejected/, summary/ and report/, as {@link OutputLayout} names it. */
  static final Pattern RUN_PARTITION = Pattern.compile(
      "(hist|rejected|summary|report)/year=\\d{4}/month=\\d{2}/day=\\d{2}/time=\\d{6}\\.\\d{3}-[0-9a-f]{4}/");
  /** The folders this job writes whole, with Spark's committers or its own atomic files. */
  private static final List<String> OUTPUT_FOLDERS = List.of("current/", "table/", "ids/", "report/");

  /**
   * Removes the leftovers under {@code root} last written before {@code now - olderThan}, never
   * anything under {@code input}; returns how many.
   */
  public static int clean(Storage storage, String root, String input, Instant now, Duration olderThan) {
    String prefix = withSlash(storage.qualified(root));
    String inputPrefix = withSlash(storage.qualified(input));
    Map<String, Long> newest = new TreeMap<>();
    Map<String, Long> newestFolder = new TreeMap<>();
    for (FileStatus entry : storage.listing().allWithFolders(root)) {
      String path = entry.getPath().toString();
      if (!path.startsWith(prefix) || withSlash(path).startsWith(inputPrefix)) {
        continue;
      }
      String leftover = leftoverOf(path.substring(prefix.length()));
      if (leftover != null && !withSlash(prefix + leftover).startsWith(inputPrefix)) {
        (entry.isDirectory() ? newestFolder : newest).merge(prefix + leftover, entry.getModificationTime(), Math::max);
      }
    }
    // A leftover's age is that of its newest file; only one with no file at all is aged by its folders.
    newestFolder.forEach(newest::putIfAbsent);
    long cutoff = now.minus(olderThan).toEpochMilli();
    int removed = 0;
    for (Map.Entry<String, Long> e : newest.entrySet()) {
      if (e.getValue() < cutoff) {
        storage.delete(e.getKey());
        removed++;
      }
    }
    return removed;
  }

  private static String withSlash(String path) {
    return Locations.withoutTrailingSlashes(path) + "/";
  }

  /** The leftover folder or file that {@code relative} (a file or folder below the root) belongs to, or null. */
  static String leftoverOf(String relative) {
    String[] parts = relative.split("/");
    if (parts.length > 1 && parts[0].equals(OutputLayout.STAGING) && RUN_ID.matcher(parts[1]).matches()) {
      return parts[0] + "/" + parts[1];
    }
    String folder = outputFolderOf(relative);
    if (folder == null || relative.length() <= folder.length()) {
      return null;
    }
    String rest = relative.substring(folder.length());
    int slash = rest.indexOf('/');
    String name = slash < 0 ? rest : rest.substring(0, slash);
    boolean scratchFolder = name.equals("_temporary") || name.startsWith(".spark-staging");
    return scratchFolder || (slash < 0 && isTemporaryFile(name)) ? folder + name : null;
  }

  /** The folder this job writes that {@code relative} lies in, with a trailing slash, or null. */
  private static String outputFolderOf(String relative) {
    java.util.regex.Matcher partition = RUN_PARTITION.matcher(relative);
    if (partition.lookingAt()) {
      return relative.substring(0, partition.end());
    }
    return OUTPUT_FOLDERS.stream().filter(relative::startsWith).findFirst().orElse(null);
  }

  private static boolean isTemporaryFile(String name) {
    return (name.startsWith("_") && name.endsWith(".tmp")) || (name.startsWith("._") && name.endsWith(".tmp.crc"));
  }
}
