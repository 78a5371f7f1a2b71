package io.consentmetrics.jobs.metrics;

import static org.apache.spark.sql.functions.col;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.encoders.RowEncoder;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Keeps one copy of each event id: the first delivery (SPEC rule 3). */
public final class Dedup {
  private Dedup() {}

  /**
   * Keeps, per {@link Columns#ID}, the copy that comes first in {@link FirstDelivery} order, across
   * everything the run reads, and adds {@link Columns#COPIES}: how many copies were read.
   *
   * <p>The copies of an id meet in one partition (a hash exchange on the id), where a hash map keeps
   * the best copy of each id seen so far: no sort and no aggregation buffer of variable width, which
   * Spark 3.2 can only plan as a sort-based aggregate. Memory per task grows with the distinct ids of
   * its partition; adaptive execution sizes partitions by bytes
   * ({@code spark.sql.adaptive.advisoryPartitionSizeInBytes}, set in {@code SparkSessions}).
   */
  public static Dataset<Row> firstDelivery(Dataset<Row> events) {
    StructType schema = events.schema();
    int id = schema.fieldIndex(Columns.ID);
    FirstDelivery order = new FirstDelivery(schema);
    return events
        .repartition(col(Columns.ID))
        .mapPartitions(
            (MapPartitionsFunction<Row, Row>) rows -> firstOfEachId(rows, id, order),
            RowEncoder.apply(schema.add(Columns.COPIES, DataTypes.LongType, false)));
  }

  private static Iterator<Row> firstOfEachId(Iterator<Row> rows, int id, Comparator<Row> order) {
    Map<Object, Candidate> byId = new HashMap<>();
    while (rows.hasNext()) {
      Row row = rows.next();
      Candidate seen = byId.get(row.get(id));
      if (seen == null) {
        byId.put(row.get(id), new Candidate(row));
      } else {
        seen.offer(row, order);
      }
    }
    return byId.values().stream().map(Candidate::withCopies).iterator();
  }

  /** The best copy of one id so far, and how many copies were seen. */
  private static final class Candidate {
    private Row best;
    private long copies = 1;

    Candidate(Row first) {
      best = first;
    }

    void offer(Row copy, Comparator<Row> order) {
      copies++;
      if (order.compare(copy, best) < 0) {
        best = copy;
      }
    }

    Row withCopies() {
      Object[] values = new Object[best.length() + 1];
      for (int i = 0; i < best.length(); i++) {
        values[i] = best.get(i);
      }
      values[best.length()] = copies;
      return RowFactory.create(values);
    }
  }

  /**
   * First delivery: the smallest {@link Columns#DATEHOUR} folder, then the earliest {@link
   * Columns#EVENT_TIME} (a missing one after every real one), then the event's content, column by
   * column with nulls first, so that reruns keep the same copy however the rows are partitioned.
   */
  static final class FirstDelivery implements Comparator<Row>, Serializable {
    private static final long serialVersionUID = 1L;
    private final int datehour;
    private final int eventTime;
    private final int[] content;

    FirstDelivery(StructType schema) {
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
    public int compare(Row a, Row b) {
      int c = compareValues(a.get(datehour), b.get(datehour), true);
      if (c == 0 && eventTime >= 0) {
        c = compareValues(a.get(eventTime), b.get(eventTime), false);
      }
      for (int i = 0; c == 0 && i < content.length; i++) {
        c = compareValues(a.get(content[i]), b.get(content[i]), true);
      }
      return c;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareValues(Object a, Object b, boolean nullsFirst) {
      if (a == null || b == null) {
        return a == b ? 0 : (a == null) == nullsFirst ? -1 : 1;
      }
      return ((Comparable) a).compareTo(b);
    }
  }
}
