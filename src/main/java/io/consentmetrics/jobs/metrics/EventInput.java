package io.consentmetrics.jobs.metrics;

import static org.apache.spark.sql.functions.input_file_name;

import io.consentmetrics.common.HourRange;
import io.consentmetrics.common.JobFailure;
import io.consentmetrics.common.Storage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The input edge: finds the event files of a run and reads them as raw lines. */
public final class EventInput {
  private EventInput() {}

  /** {@code datehour=YYYY-MM-DD-HH}, the only folder name events may sit in. */
  static final Pattern DATEHOUR_FOLDER = Pattern.compile("datehour=\\d{4}-\\d{2}-\\d{2}-\\d{2}");

  /** The files of one run, the root of their datehour= folders, and their total size. */
  public record Files(String root, List<String> paths, long bytes) {}

  /**
   * Lists the event files under {@code input}. Every visible file must sit directly in a {@code
   * datehour=YYYY-MM-DD-HH} folder: a stray file would otherwise have no hour to be counted under.
   */
  public static Files list(Storage storage, String input) {
    return list(storage, input, Optional.empty());
  }

  /**
   * With an hour range, only the range's folders are listed, so files of other hours are never
   * read (nor even listed): the pruning is by construction, not left to a filter.
   */
  public static Files list(Storage storage, String input, Optional<HourRange> hours) {
    List<FileStatus> statuses;
    if (hours.isPresent()) {
      if (!storage.exists(input)) {
        throw new JobFailure("input not found: " + input);
      }
      statuses = new ArrayList<>();
      for (String datehour : hours.get().datehours()) {
        String folder = input.replaceAll("/+$", "") + "/datehour=" + datehour;
        if (storage.exists(folder)) {
          statuses.addAll(storage.listVisibleFiles(folder));
        }
      }
    } else {
      statuses = storage.listVisibleFiles(input);
    }
    if (statuses.isEmpty()) {
      throw new JobFailure("no input files under " + input
          + hours.map(h -> " for hours " + HourRange.format(h.from()) + " to " + HourRange.format(h.to())).orElse(""));
    }
    long bytes = 0;
    for (FileStatus s : statuses) {
      String folder = s.getPath().getParent().getName();
      if (!DATEHOUR_FOLDER.matcher(folder).matches()) {
        throw new JobFailure(
            "unexpected input file outside a datehour=YYYY-MM-DD-HH folder: " + s.getPath());
      }
      bytes += s.getLen();
    }
    return new Files(input, statuses.stream().map(s -> s.getPath().toString()).toList(), bytes);
  }

  /**
   * After a failed read, finds the first input file that cannot be read to its end (a truncated
   * gzip file, say), so that the error names it: Spark's own error does not.
   */
  public static Optional<String> firstUnreadable(Storage storage, Files files) {
    for (String file : files.paths()) {
      Optional<String> reason = storage.unreadableBecause(file);
      if (reason.isPresent()) {
        return Optional.of(file + ": " + reason.get());
      }
    }
    return Optional.empty();
  }

  /**
   * One row per line: {@link Columns#LINE}, {@link Columns#SOURCE_FILE} and the {@link
   * Columns#DATEHOUR} of its folder, which Spark's partition discovery takes from the paths (a
   * per-file constant, as a string: the session turns partition type inference off). Read as
   * text, so each line is judged alone; gzip files ({@code .gz}) are decompressed by Hadoop.
   */
  public static Dataset<Row> read(SparkSession spark, Files files) {
    return spark
        .read()
        .option("basePath", files.root())
        .text(files.paths().toArray(String[]::new))
        .withColumnRenamed("value", Columns.LINE)
        .withColumn(Columns.SOURCE_FILE, input_file_name())
        .select(Columns.LINE, Columns.SOURCE_FILE, Columns.DATEHOUR);
  }
}
