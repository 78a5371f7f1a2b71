package io.consentmetrics.metrics.read;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Packs input files into tasks the way Spark's file sources do ({@code FilePartition}): plain files
 * are cut into splits of at most {@code maxSplitBytes}, compressed ones are read whole, and splits
 * are packed, largest first, into tasks of about {@code maxSplitBytes}, each file also counting
 * {@code openCostBytes} (the price of opening it). Thousands of tiny files thus make a few tasks,
 * not one task per file.
 */
public final class InputSplits {
  private InputSplits() {}

  /** A byte range of one file; a whole file when {@code length} is -1. */
  record Split(EventInput.InputFile file, long start, long length) implements Serializable {}

  static List<List<Split>> pack(
      List<EventInput.InputFile> files, long maxPartitionBytes, long openCostBytes, int parallelism,
      Predicate<String> splittable) {
    long total = files.stream().mapToLong(f -> f.length() + openCostBytes).sum();
    long bytesPerCore = total / Math.max(1, parallelism);
    long maxSplitBytes = Math.min(maxPartitionBytes, Math.max(openCostBytes, bytesPerCore));

    List<Split> splits = new ArrayList<>();
    for (EventInput.InputFile f : files) {
      if (splittable.test(f.uri()) && f.length() > maxSplitBytes) {
        for (long start = 0; start < f.length(); start += maxSplitBytes) {
          splits.add(new Split(f, start, Math.min(maxSplitBytes, f.length() - start)));
        }
      } else {
        splits.add(new Split(f, 0, -1));
      }
    }
    splits.sort(Comparator.comparingLong((Split s) -> size(s)).reversed()
        .thenComparing(s -> s.file().uri()).thenComparingLong(Split::start));

    List<List<Split>> tasks = new ArrayList<>();
    List<Split> current = new ArrayList<>();
    long currentBytes = 0;
    for (Split s : splits) {
      if (!current.isEmpty() && currentBytes + size(s) > maxSplitBytes) {
        tasks.add(current);
        current = new ArrayList<>();
        currentBytes = 0;
      }
      current.add(s);
      currentBytes += size(s) + openCostBytes;
    }
    if (!current.isEmpty()) {
      tasks.add(current);
    }
    return tasks;
  }

  private static long size(Split s) {
    return s.length() < 0 ? s.file().length() : s.length();
  }
}
