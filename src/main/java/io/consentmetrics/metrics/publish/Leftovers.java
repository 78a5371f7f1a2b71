package io.consentmetrics.metrics.publish;

import io.consentmetrics.storage.Storage;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileStatus;

/**
 * What killed runs leave under an output root: their staging folders, the committers' {@code
 * _temporary/} and {@code .spark-staging-*} folders, and half-written {@code _*.tmp} files. A run
 * (holding the lease, so no other run is writing) removes those older than the lease age.
 */
public final class Leftovers {
  private Leftovers() {}

  /** Removes the leftovers under {@code root} last written before {@code now - olderThan}; returns how many. */
  public static int clean(Storage storage, String root, Instant now, Duration olderThan) {
    String qualifiedRoot = storage.qualified(root);
    String prefix = qualifiedRoot.endsWith("/") ? qualifiedRoot : qualifiedRoot + "/";
    Map<String, Long> newest = new TreeMap<>();
    for (FileStatus file : storage.listing().all(root)) {
      String path = file.getPath().toString();
      if (!path.startsWith(prefix)) {
        continue;
      }
      String leftover = leftoverOf(path.substring(prefix.length()));
      if (leftover != null) {
        newest.merge(prefix + leftover, file.getModificationTime(), Math::max);
      }
    }
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

  /** The leftover folder or file that {@code relative} (a file below the root) belongs to, or null. */
  static String leftoverOf(String relative) {
    String[] parts = relative.split("/");
    if (parts.length > 1 && parts[0].equals(OutputLayout.STAGING)) {
      return parts[0] + "/" + parts[1];
    }
    for (int i = 0; i < parts.length; i++) {
      String name = parts[i];
      boolean last = i == parts.length - 1;
      if (name.equals("_temporary") || name.startsWith(".spark-staging")
          || (last && !name.equals(OutputLease.FILE_NAME) && isTemporaryFile(name))) {
        return String.join("/", java.util.Arrays.copyOf(parts, i + 1));
      }
    }
    return null;
  }

  private static boolean isTemporaryFile(String name) {
    return (name.startsWith("_") && name.endsWith(".tmp")) || (name.startsWith("._") && name.endsWith(".tmp.crc"));
  }
}
