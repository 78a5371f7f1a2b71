package io.consentmetrics.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

import io.consentmetrics.config.HourRange;
import io.consentmetrics.config.JobConfig;
import io.consentmetrics.metrics.publish.DedupIndex;
import io.consentmetrics.metrics.publish.OutputLayout;
import io.consentmetrics.metrics.read.EventInput;
import io.consentmetrics.metrics.rules.CrossRunDedup;
import io.consentmetrics.metrics.rules.Dedup;
import io.consentmetrics.metrics.rules.Validation;
import io.consentmetrics.spark.Literals;
import io.consentmetrics.storage.Storage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;

/**
 * What deduplication (SPEC rule 3) needs before a run computes: the hours it must compute, and
 * which folder keeps each of their ids ({@link CrossRunDedup}), so that any schedule of runs gives
 * what one run over all hours gives.
 *
 * <p>A full run decides from its own events. An incremental run also reads the dedup index of the
 * hours within the horizon before its range, and recomputes every later hour whose ids it may
 * change (a backfill, a rerun of an earlier hour), reading that hour's events again, until no
 * further hour is reached. Deciding reads the run's events once more (their ids only), without
 * counting the lines.
 *
 * @param files what the run reads: its own hours and the later hours it recomputes
 * @param recomputed the later hours recomputed, each with the reason
 * @param flags the kept flag of each (id, datehour) the run computes: its rows of the dedup index
 * @param perId whether one copy per id is exact (a full run whose hours lie within the horizon)
 */
record DedupScope(EventInput.Files files, Map<String, String> recomputed, Dataset<Row> flags, boolean perId) {

  static DedupScope of(SparkSession spark, Storage storage, JobConfig config, OutputLayout out, EventInput.Files run) {
    long horizon = config.dedupHorizon().toHours();
    TreeSet<String> hours = hoursOf(run);
    Dataset<Row> presence = CrossRunDedup.presence(idsOf(spark, run));
    if (config.hours().isEmpty()) {
      Dataset<Row> flags = CrossRunDedup.keptFlags(presence, DedupIndex.none(spark), horizon);
      boolean perId = CrossRunDedup.hourOf(hours.last()) - CrossRunDedup.hourOf(hours.first()) <= horizon;
      return new DedupScope(run, Map.of(), perId ? flags : flags.persist(StorageLevel.MEMORY_AND_DISK()), perId);
    }
    presence = presence.persist(StorageLevel.MEMORY_AND_DISK());
    String windowStart = HourRange.format(HourRange.parse("--from", hours.first()).minusHours(horizon));
    Dataset<Row> index = DedupIndex.read(spark, storage, out.ids(), windowStart);
    TreeSet<String> computed = new TreeSet<>(hours);
    Map<String, String> recomputed = new TreeMap<>();
    Dataset<Row> computedPresence = presence;
    // The ids the run's hours held when last indexed, too: a rerun that no longer has one reaches its later hours.
    Dataset<Row> reach = presence.union(index.filter(in(hours)).select(Columns.ID, Columns.DATEHOUR));
    // Only hours after the run's first can be later hours: in an hourly run in order, none are indexed, and the
    // filter on the partition column reads nothing, instead of joining the whole window's ids with the run's.
    Dataset<Row> afterFirst = index.filter(col(Columns.DATEHOUR).gt(Literals.of(hours.first())));
    while (true) {
      Map<String, String> later = CrossRunDedup.laterHours(reach, afterFirst.filter(not(in(computed))), horizon);
      if (later.isEmpty()) {
        break;
      }
      later.forEach((hour, earlier) -> recomputed.put(hour,
          "it shares ids with " + earlier + ", which this run computes, within the dedup horizon"));
      computed.addAll(later.keySet());
      reach = index.filter(in(later.keySet())).select(Columns.ID, Columns.DATEHOUR);
      computedPresence = computedPresence.union(reach);
    }
    Dataset<Row> flags = CrossRunDedup.keptFlags(computedPresence, index.filter(not(in(computed))), horizon)
        .persist(StorageLevel.MEMORY_AND_DISK());
    return new DedupScope(withHours(storage, config, run, recomputed.keySet()), recomputed, flags, false);
  }

  /** The dedup step of the run: one copy per id, or per id and folder as {@link #flags} decide. */
  UnaryOperator<Dataset<Row>> dedup(LongAccumulator duplicatesInOtherFolders) {
    return perId ? Dedup::firstDelivery : events -> CrossRunDedup.firstDelivery(events, flags, duplicatesInOtherFolders);
  }

  /** Every hour the run computes: its own hours with input, and the later hours it recomputes. */
  TreeSet<String> hours() {
    return hoursOf(files);
  }

  /** Frees what deciding kept in memory. */
  void release() {
    flags.unpersist();
  }

  private static Dataset<Row> idsOf(SparkSession spark, EventInput.Files files) {
    return Validation.dropRejected(EventInput.read(spark, files)).select(Columns.ID, Columns.DATEHOUR);
  }

  private static TreeSet<String> hoursOf(EventInput.Files files) {
    TreeSet<String> hours = new TreeSet<>();
    files.files().forEach(f -> hours.add(f.datehour()));
    return hours;
  }

  private static Column in(Collection<String> hours) {
    return hours.stream().map(h -> col(Columns.DATEHOUR).equalTo(Literals.of(h))).reduce(Column::or)
        .orElse(Literals.of(false));
  }

  /** The run's files and those of the later hours it recomputes. */
  private static EventInput.Files withHours(
      Storage storage, JobConfig config, EventInput.Files run, Collection<String> later) {
    List<EventInput.InputFile> files = new ArrayList<>(run.files());
    long bytes = run.bytes();
    for (String hour : later) {
      EventInput.Files more = EventInput.list(storage, config.input(), Optional.of(HourRange.of("recomputed hour", hour, "recomputed hour", null)));
      files.addAll(more.files());
      bytes += more.bytes();
    }
    return new EventInput.Files(run.root(), List.copyOf(files), bytes);
  }
}
