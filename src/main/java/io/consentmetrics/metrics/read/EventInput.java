package io.consentmetrics.metrics.read;

import io.consentmetrics.config.HourRange;
import io.consentmetrics.metrics.Columns;
import io.consentmetrics.metrics.JobFailure;
import io.consentmetrics.spark.InternalRows;
import io.consentmetrics.spark.SparkSessions;
import io.consentmetrics.storage.Locations;
import io.consentmetrics.storage.ShippedConfiguration;
import io.consentmetrics.storage.Storage;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.network.util.JavaUtils;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;

/** The input edge: finds the event files of a run and reads them as raw lines. */
public final class EventInput {
  /** How much input one task reads at most, as for Spark's own file sources. */
  private static final String MAX_PARTITION_BYTES = "spark.sql.files.maxPartitionBytes";

  private EventInput() {}

  static final String DATEHOUR_PREFIX = Columns.DATEHOUR + "=";

  /**
   * One input file. {@code uri} is the listed path in URI form, so that the file is opened by
   * exactly that name: no glob expansion and no second round of escaping, whatever the name holds.
   */
  public record InputFile(String uri, long length, String datehour) implements Serializable {
    public Path path() {
      return new Path(java.net.URI.create(uri));
    }
  }

  /** The files of one run and their total size. */
  public record Files(String root, List<InputFile> files, long bytes) {}

  /**
   * Lists the event files under {@code input} (SPEC rule 8): every visible file must sit directly in
   * a {@code datehour=YYYY-MM-DD-HH} folder of {@code input} whose value is a real hour. With an hour
   * range, only the range's folders are listed, so files of other hours are never read (nor even
   * listed): the pruning is by construction, not left to a filter.
   */
  public static Files list(Storage storage, String input, Optional<HourRange> hours) {
    String root = Locations.withoutTrailingSlashes(input);
    if (new Path(root).getName().startsWith(DATEHOUR_PREFIX)) {
      throw new JobFailure("--input " + input + " is a datehour folder: give the folder that holds the datehour= folders");
    }
    if (storage.isFile(root)) {
      throw new JobFailure("--input " + input + " is a file: give the folder that holds the datehour= folders");
    }
    List<String> folders = new ArrayList<>();
    if (hours.isPresent()) {
      if (!storage.exists(root)) {
        throw new JobFailure("input not found: " + input);
      }
      for (String datehour : hours.get().datehours()) {
        String folder = root + "/" + DATEHOUR_PREFIX + datehour;
        if (storage.exists(folder)) {
          folders.add(folder);
        }
      }
    } else {
      folders.add(root);
    }
    List<FileStatus> statuses = new ArrayList<>();
    for (String folder : folders) {
      statuses.addAll(storage.listing().visible(folder));
      // Before any byte is read: a FIFO would hang the run, a device never end (SPEC rule 8).
      storage.listing().unreadableEntryUnder(folder).ifPresent(problem -> {
        throw new JobFailure(problem);
      });
    }
    if (statuses.isEmpty()) {
      throw new JobFailure("no input files under " + input
          + hours.map(h -> " for hours " + HourRange.format(h.from()) + " to " + HourRange.format(h.to())).orElse(""));
    }
    Path qualifiedRoot = storage.qualify(root);
    List<InputFile> files = new ArrayList<>();
    long bytes = 0;
    for (FileStatus s : statuses) {
      files.add(new InputFile(s.getPath().toUri().toString(), s.getLen(), datehourOf(qualifiedRoot, s.getPath())));
      bytes += s.getLen();
    }
    return new Files(input, List.copyOf(files), bytes);
  }

  /** The hour of a file's folder, which must be a real hour directly under the input root. */
  private static String datehourOf(Path root, Path file) {
    Path folder = file.getParent();
    if (folder == null || !root.equals(folder.getParent()) || !folder.getName().startsWith(DATEHOUR_PREFIX)) {
      throw new JobFailure("input file not directly in a datehour=YYYY-MM-DD-HH folder of the input: " + file);
    }
    String datehour = folder.getName().substring(DATEHOUR_PREFIX.length());
    try {
      HourRange.parse("folder", datehour);
    } catch (IllegalArgumentException e) {
      throw new JobFailure("input folder is not a real hour (datehour=YYYY-MM-DD-HH): " + folder);
    }
    return datehour;
  }

  /**
   * One row per line, parsed as it is read ({@link EventParser#lineParser}, {@link
   * EventParser#PARSED_SCHEMA}), as Spark's JSON source parses in its reader: the lines themselves
   * never become rows, which would copy every byte of the input twice more. Each line is counted in
   * {@code counts}, accepted or rejected with its reason.
   *
   * <p>Read with Hadoop's line reader (gzip and other codecs by file suffix, a leading UTF-8 BOM
   * skipped, large plain files split, lines held to the job's {@code max-line-bytes}; {@link
   * LineSource}), as Spark's text source reads, but from the listed files
   * themselves: Spark's reader would list them again, expand glob characters in their names, and
   * count each small file as 4 MB when packing tasks. The files are packed into tasks the way Spark
   * packs them ({@link InputSplits}).
   */
  public static Dataset<Row> read(SparkSession spark, Files files, LineCounts counts) {
    return read(spark, files, EventParser.lineParser(counts));
  }

  /**
   * The same, without counting the lines: the second read of the same files, for the rejected lines.
   * Each file is read whole, by one task, so that every line's number counts from the file's start
   * (a split from the middle of a file cannot know it); only a run that rejected lines reads again.
   */
  public static Dataset<Row> read(SparkSession spark, Files files) {
    return read(spark, files, EventParser.lineParser(null), uri -> false);
  }

  private static Dataset<Row> read(SparkSession spark, Files files, InputLines.LineParser parser) {
    return read(spark, files, parser, storage(spark).listing().splittableFiles());
  }

  private static Dataset<Row> read(
      SparkSession spark, Files files, InputLines.LineParser parser, Predicate<String> splittable) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<List<InputSplits.Split>> tasks =
        InputSplits.pack(files.files(), bytesSetting(spark, MAX_PARTITION_BYTES), bytesSetting(spark, SparkSessions.OPEN_COST),
            sc.defaultParallelism(), splittable);
    Broadcast<ShippedConfiguration> hadoop = sc.broadcast(new ShippedConfiguration(
        InputLines.readerConfiguration(spark.sparkContext().hadoopConfiguration())));
    JavaRDD<InternalRow> lines =
        sc.parallelize(tasks, Math.max(1, tasks.size()))
            .flatMap(splits -> new InputLines(splits, hadoop.value().value(), parser));
    return InternalRows.dataset(spark, lines.rdd(), EventParser.PARSED_SCHEMA);
  }

  /** A size setting of Spark's file sources, as the session has it ("128MB" or a number of bytes). */
  private static long bytesSetting(SparkSession spark, String key) {
    return JavaUtils.byteStringAsBytes(spark.conf().get(key));
  }

  private static Storage storage(SparkSession spark) {
    return new Storage(spark.sparkContext().hadoopConfiguration());
  }
}
