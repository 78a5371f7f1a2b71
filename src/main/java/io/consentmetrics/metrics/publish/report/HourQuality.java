package io.consentmetrics.metrics.publish.report;

import io.consentmetrics.metrics.Columns;
import io.consentmetrics.metrics.read.LineCounts;
import io.consentmetrics.metrics.rules.Accounting;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;

/**
 * The data quality of one datehour folder of the run: lines read and rejected (counted by the
 * reader), duplicates, events counted and late events (summed from the run's groups). Both come
 * from the run's one pass over the input and are already on the driver: no extra Spark work.
 */
public record HourQuality(
    String datehour, long linesRead, long rejected, long duplicates, long eventsCounted, long lateEvents) {

  /** Per hour, sorted; {@code groups} are the rows of the job's one action (datehour and the counts). */
  public static List<HourQuality> of(LineCounts.Value lines, List<Row> groups) {
    Map<String, long[]> events = new TreeMap<>();
    for (Row g : groups) {
      long[] e = events.computeIfAbsent(g.getAs(Columns.DATEHOUR), h -> new long[3]);
      e[0] += g.<Long>getAs(Accounting.EventCount.DUPLICATES.column());
      e[1] += g.<Long>getAs(Accounting.EventCount.EVENTS_COUNTED.column());
      e[2] += g.<Long>getAs(Accounting.EventCount.LATE_EVENTS.column());
    }
    Map<String, LineCounts.Hour> read = new TreeMap<>(lines.perHour());
    events.keySet().forEach(hour -> read.putIfAbsent(hour, new LineCounts.Hour(0, 0)));
    List<HourQuality> hours = new ArrayList<>();
    read.forEach((hour, l) -> {
      long[] e = events.getOrDefault(hour, new long[3]);
      hours.add(new HourQuality(hour, l.linesRead(), l.rejected(), e[0], e[1], e[2]));
    });
    return List.copyOf(hours);
  }
}
