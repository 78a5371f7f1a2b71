package io.consentmetrics.metrics.rules;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;

import io.consentmetrics.config.HourRange;
import io.consentmetrics.metrics.Columns;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;

/**
 * Deduplication across runs and with the dedup horizon (SPEC rule 3): which folder keeps each id.
 *
 * <p>Copies in different folders are ordered by their folder alone, so whether a folder keeps an id
 * depends only on the folders that hold it: sorted by folder, the first keeps it, and a later folder
 * keeps it again when it lies more than the horizon after the last folder that kept it (exactly the
 * horizon after: still a duplicate). A run decides this for the hours it computes from their events
 * and from the dedup index of the hours it does not read ({@link Columns#KEPT} per (id, datehour)).
 * Inside a kept folder, {@link Dedup.FirstDelivery} picks the copy, as in a single run.
 */
public final class CrossRunDedup {
  private CrossRunDedup() {}

  /**
   * Which folders keep each id: one row per (id, datehour) a run computes; the dedup index's rows.
   * Nullable as Parquet gives them back, though never null.
   */
  public static final StructType FLAGS = new StructType()
      .add(Columns.ID, DataTypes.StringType)
      .add(Columns.KEPT, DataTypes.BooleanType)
      .add(Columns.DATEHOUR, DataTypes.StringType);

  /** The distinct (id, datehour) of accepted events: which folders hold each id. */
  public static Dataset<Row> presence(Dataset<Row> events) {
    return events.select(Columns.ID, Columns.DATEHOUR).distinct();
  }

  /** A folder's hour as hours since the epoch, for the horizon's arithmetic. */
  public static long hourOf(String datehour) {
    return HourRange.parse(Columns.DATEHOUR, datehour).toEpochSecond(ZoneOffset.UTC) / 3600;
  }

  /**
   * The later hours whose kept flags this run may change: index rows ({@code otherHours}: id, kept,
   * datehour, of hours the run does not compute) that share an id with an hour the run computes
   * ({@code computed}: id, datehour), lie after it and no more than {@code horizonHours} after it. By
   * later hour, the earliest computed hour that reaches it. Hours further on are reached, if at
   * all, through these: the caller adds them to the run and asks again.
   */
  public static Map<String, String> laterHours(Dataset<Row> computed, Dataset<Row> otherHours, long horizonHours) {
    Dataset<Row> other = otherHours.select(col(Columns.ID), col(Columns.DATEHOUR).as(Columns.ID_IN_FOLDER));
    List<Row> pairs = computed.join(other, Columns.ID)
        .filter(col(Columns.ID_IN_FOLDER).gt(col(Columns.DATEHOUR)))
        .select(Columns.DATEHOUR, Columns.ID_IN_FOLDER).distinct().collectAsList();
    Map<String, String> later = new TreeMap<>();
    for (Row pair : pairs) {
      String earlier = pair.getString(0);
      String hour = pair.getString(1);
      if (hourOf(hour) - hourOf(earlier) <= horizonHours) {
        later.merge(hour, earlier, (a, b) -> a.compareTo(b) <= 0 ? a : b);
      }
    }
    return later;
  }

  /**
   * The kept flag of every (id, datehour) of {@code computed} (id, datehour: the hours the run
   * computes), given the index rows of other hours ({@code otherHours}: id, kept, datehour), whose
   * flags are taken as they are. Gives id, kept, datehour: the run's rows of the index.
   */
  public static Dataset<Row> keptFlags(Dataset<Row> computed, Dataset<Row> otherHours, long horizonHours) {
    Dataset<Row> ids = computed.select(col(Columns.ID).as(Columns.ID_IN_FOLDER)).distinct();
    JavaPairRDD<String, Folder> known = otherHours
        .join(ids, otherHours.col(Columns.ID).equalTo(ids.col(Columns.ID_IN_FOLDER)), "left_semi")
        .select(Columns.ID, Columns.KEPT, Columns.DATEHOUR).javaRDD()
        .mapToPair(r -> new Tuple2<>(r.getString(0), new Folder(r.getString(2), r.getBoolean(1), true)));
    JavaPairRDD<String, Folder> toDecide = computed.select(Columns.ID, Columns.DATEHOUR).javaRDD()
        .mapToPair(r -> new Tuple2<>(r.getString(0), new Folder(r.getString(1), false, false)));
    JavaRDD<Row> flags = known.union(toDecide)
        .groupByKey()
        .flatMap(byId -> decide(byId._1(), byId._2(), horizonHours).iterator());
    return computed.sparkSession().createDataFrame(flags, FLAGS);
  }

  /** One folder holding an id: its flag when it comes from the index ({@code known}), else to decide. */
  record Folder(String datehour, boolean kept, boolean known) implements java.io.Serializable {}

  /** The flags of one id's folders still to decide, walking its folders in order. */
  static List<Row> decide(String id, Iterable<Folder> folders, long horizonHours) {
    List<Folder> sorted = new ArrayList<>();
    folders.forEach(sorted::add);
    sorted.sort(Comparator.comparing(Folder::datehour));
    List<Row> decided = new ArrayList<>();
    Long lastKept = null;
    for (Folder f : sorted) {
      long hour = hourOf(f.datehour());
      boolean kept = f.known() ? f.kept() : lastKept == null || hour - lastKept > horizonHours;
      if (kept) {
        lastKept = hour;
      }
      if (!f.known()) {
        decided.add(RowFactory.create(id, kept, f.datehour()));
      }
    }
    return decided;
  }

  /**
   * The events of the folders that keep their id ({@code flags}, as {@link #keptFlags} gives them),
   * one copy per (id, folder) by {@link Dedup#firstDelivery}'s order, with {@link Columns#COPIES}. The
   * copies in folders that do not keep their id are counted into {@code duplicates}.
   */
  public static Dataset<Row> firstDelivery(Dataset<Row> events, Dataset<Row> flags, LongAccumulator duplicates) {
    Dataset<Row> flagged = events.join(flags, events.col(Columns.ID).equalTo(flags.col(Columns.ID))
            .and(events.col(Columns.DATEHOUR).equalTo(flags.col(Columns.DATEHOUR))))
        .drop(flags.col(Columns.ID)).drop(flags.col(Columns.DATEHOUR));
    int kept = flagged.schema().fieldIndex(Columns.KEPT);
    Dataset<Row> keptOnly = flagged.filter((FilterFunction<Row>) r -> {
      if (!r.getBoolean(kept)) {
        duplicates.add(1);
      }
      return r.getBoolean(kept);
    }).drop(Columns.KEPT);
    Dataset<Row> keyed = keptOnly.withColumn(Columns.ID_IN_FOLDER,
        concat(col(Columns.DATEHOUR), col(Columns.ID)).cast(DataTypes.StringType));
    return Dedup.firstDelivery(keyed, Columns.ID_IN_FOLDER).drop(Columns.ID_IN_FOLDER);
  }
}
