package io.consentmetrics.metrics.rules;

import static org.apache.spark.sql.functions.col;

import io.consentmetrics.metrics.Columns;
import io.consentmetrics.spark.FirstCopies;
import io.consentmetrics.spark.InternalRows;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Keeps one copy of each event id: the first delivery (SPEC rule 3). */
public final class Dedup {
  /** The name of the store's step in Spark's lineage and UI. */
  static final String STORE = "first copy of each id";

  private Dedup() {}

  /**
   * Keeps, per {@link Columns#ID}, the copy that comes first in {@link FirstDelivery} order, across
   * everything the run reads, and adds {@link Columns#COPIES}: how many copies were read.
   *
   * <p>The copies of an id meet in one partition (a hash exchange on the id), where {@link
   * FirstCopies} keeps the best copy of each id seen so far: no sort and no aggregation buffer of
   * variable width, which Spark 3.2 can only plan as a sort-based aggregate. The rows stay in Spark's
   * own format ({@link InternalRows}). Memory per task grows with the distinct ids of its partition,
   * which the number of shuffle partitions bounds ({@link ShufflePartitions}).
   */
  public static Dataset<Row> firstDelivery(Dataset<Row> events) {
    return firstDelivery(events, Columns.ID);
  }

  /** The same, one copy per value of {@code key} (an id, or an id in its folder). */
  static Dataset<Row> firstDelivery(Dataset<Row> events, String key) {
    StructType schema = events.schema();
    int id = schema.fieldIndex(key);
    FirstDelivery order = new FirstDelivery(schema);
    JavaRDD<InternalRow> firsts =
        InternalRows.of(byKey(events, key)).toJavaRDD()
            .mapPartitions(rows -> FirstCopies.ofPartition(rows, schema.size(), id, order))
            .setName(STORE);
    return InternalRows.dataset(events.sparkSession(), firsts.rdd(), schema.add(Columns.COPIES, DataTypes.LongType, false));
  }

  /** The events in hash partitions of their id, where the copies of an id meet; the last plan Spark sees. */
  static Dataset<Row> byId(Dataset<Row> events) {
    return byKey(events, Columns.ID);
  }

  private static Dataset<Row> byKey(Dataset<Row> events, String key) {
    return events.repartition(col(key));
  }

  /**
   * First delivery: the smallest {@link Columns#DATEHOUR} folder, then the earliest {@link
   * Columns#EVENT_TIME} (a missing one after every real one), then the event's content, column by
   * column with nulls first, so that reruns keep the same copy however the rows are partitioned.
   * Strings compare as their UTF-8 bytes, which is code point order.
   */
  static final class FirstDelivery implements Comparator<InternalRow>, Serializable {
    private static final long serialVersionUID = 1L;
    private final DataType[] types;
    private final int datehour;
    private final int eventTime;
    private final int[] content;

    FirstDelivery(StructType schema) {
      types = Arrays.stream(schema.fields()).map(StructField::dataType).toArray(DataType[]::new);
      datehour = schema.fieldIndex(Columns.DATEHOUR);
      eventTime = schema.getFieldIndex(Columns.EVENT_TIME).isDefined() ? schema.fieldIndex(Columns.EVENT_TIME) : -1;
      List<Integer> others = new ArrayList<>();
      for (int i = 0; i < schema.size(); i++) {
        String name = schema.fields()[i].name();
        if (!name.equals(Columns.ID) && i != datehour && i != eventTime) {
          others.add(i);
        }
      }
      content = others.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public int compare(InternalRow a, InternalRow b) {
      int c = compareAt(a, b, datehour, true);
      if (c == 0 && eventTime >= 0) {
        c = compareAt(a, b, eventTime, false);
      }
      for (int i = 0; c == 0 && i < content.length; i++) {
        c = compareAt(a, b, content[i], true);
      }
      return c;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private int compareAt(InternalRow a, InternalRow b, int field, boolean nullsFirst) {
      boolean aNull = a.isNullAt(field);
      if (aNull || b.isNullAt(field)) {
        return aNull == b.isNullAt(field) ? 0 : aNull == nullsFirst ? -1 : 1;
      }
      return ((Comparable) a.get(field, types[field])).compareTo(b.get(field, types[field]));
    }
  }
}
