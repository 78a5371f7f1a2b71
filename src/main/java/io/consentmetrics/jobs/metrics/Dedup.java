package io.consentmetrics.jobs.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Keeps one copy of each event id: the first delivery. */
public final class Dedup {
  private Dedup() {}

  private static final String FIRST = "_first";

  /**
   * Keeps, per {@link Columns#ID}, the copy with the smallest ({@link Columns#DATEHOUR} folder,
   * {@link Columns#DATETIME}), across everything the run reads.
   *
   * <p>An aggregate over the id rather than a window: it needs no ordering of all the rows of an
   * id, only a running minimum. The minimum is taken over a struct of every column with the two
   * ordering keys first, so ties (same folder and time) resolve on the event's own content and
   * reruns pick the same copy whatever the partitioning. A missing datetime sorts first, as in
   * Spark's ascending order.
   */
  public static Dataset<Row> firstDelivery(Dataset<Row> events) {
    List<String> others = new ArrayList<>(Arrays.asList(events.columns()));
    others.removeAll(List.of(Columns.ID, Columns.DATEHOUR, Columns.DATETIME));
    List<Column> ordered = new ArrayList<>(List.of(col(Columns.DATEHOUR), col(Columns.DATETIME)));
    others.forEach(c -> ordered.add(col(c)));

    Column[] originalOrder = Arrays.stream(events.columns()).map(c -> col(c)).toArray(Column[]::new);
    return events
        .groupBy(col(Columns.ID))
        .agg(min(struct(ordered.toArray(Column[]::new))).as(FIRST))
        .select(col(Columns.ID), col(FIRST + ".*"))
        .select(originalOrder);
  }
}
