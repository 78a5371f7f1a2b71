package io.consentmetrics.metrics.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.consentmetrics.metrics.rules.CrossRunDedup.Folder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.spark.sql.Row;

/**
 * The schedule logic of incremental runs, without Spark, on thousands of schedules: a model of the
 * dedup index and of {@code DedupScope} (the later hours a run reaches, to a fixpoint; the flags of
 * the hours it computes from {@link CrossRunDedup#decide}, the index's flags of the others taken as
 * they are) ends every random schedule with the flags one run over all hours decides. {@code
 * IncrementalSchedulePropertyTest} checks the job itself on fewer schedules.
 */
class CrossRunDedupModelPropertyTest {

  @Property(tries = 3000)
  void anyScheduleEndsWithTheFlagsOfOneRunOverAllHours(@ForAll long seed) {
    Random random = new Random(seed);
    int hours = 2 + random.nextInt(7);
    long horizon = List.of(0L, 1L, 2L, 3L, 168L).get(random.nextInt(5));
    List<TreeSet<String>> idsOf = new ArrayList<>();
    for (int h = 0; h < hours; h++) {
      TreeSet<String> ids = new TreeSet<>();
      for (int i = 0, n = random.nextInt(4); i < n; i++) {
        ids.add("id" + random.nextInt(5));
      }
      idsOf.add(ids);
    }
    Map<String, Map<String, Boolean>> index = new TreeMap<>();
    List<String> schedule = new ArrayList<>();
    boolean[] covered = new boolean[hours];
    for (int i = 0, runs = 1 + random.nextInt(6); i < runs || !all(covered); i++) {
      int from = i < runs ? random.nextInt(hours) : first(covered, false);
      int to = i < runs ? from + random.nextInt(hours - from) : from;
      run(index, idsOf, from, to, horizon);
      schedule.add(from + "-" + to);
      for (int h = from; h <= to; h++) {
        covered[h] = true;
      }
    }
    Map<String, Map<String, Boolean>> full = new TreeMap<>();
    run(full, idsOf, 0, hours - 1, horizon);
    assertEquals(full, index, "horizon " + horizon + ", ids " + idsOf + ", schedule " + schedule);
  }

  private static boolean all(boolean[] covered) {
    return first(covered, false) < 0;
  }

  private static int first(boolean[] covered, boolean value) {
    for (int h = 0; h < covered.length; h++) {
      if (covered[h] == value) {
        return h;
      }
    }
    return -1;
  }

  private static String hour(int h) {
    return String.format("2021-01-23-%02d", h);
  }

  /** One run over hours from..to: DedupScope's steps on the model index. */
  private static void run(Map<String, Map<String, Boolean>> index, List<TreeSet<String>> idsOf, int from, int to,
      long horizon) {
    TreeSet<String> computed = new TreeSet<>();
    Map<String, TreeSet<String>> presence = new HashMap<>(); // hour -> ids, of the hours computed
    Map<String, TreeSet<String>> reach = new HashMap<>();
    for (int h = from; h <= to; h++) {
      computed.add(hour(h));
      presence.put(hour(h), idsOf.get(h));
      TreeSet<String> reaching = new TreeSet<>(idsOf.get(h));
      reaching.addAll(index.getOrDefault(hour(h), Map.of()).keySet());
      reach.put(hour(h), reaching);
    }
    while (true) {
      Map<String, TreeSet<String>> later = new HashMap<>();
      for (var other : index.entrySet()) {
        String g = other.getKey();
        if (computed.contains(g)) {
          continue;
        }
        for (var r : reach.entrySet()) {
          long after = CrossRunDedup.hourOf(g) - CrossRunDedup.hourOf(r.getKey());
          if (after > 0 && after <= horizon && r.getValue().stream().anyMatch(other.getValue()::containsKey)) {
            later.put(g, new TreeSet<>(other.getValue().keySet()));
          }
        }
      }
      if (later.isEmpty()) {
        break;
      }
      computed.addAll(later.keySet());
      presence.putAll(later);
      reach = later;
    }
    Map<String, List<Folder>> foldersOf = new HashMap<>();
    presence.forEach((h, ids) -> ids.forEach(id ->
        foldersOf.computeIfAbsent(id, k -> new ArrayList<>()).add(new Folder(h, false, false))));
    index.forEach((h, flags) -> {
      if (!computed.contains(h)) {
        flags.forEach((id, kept) -> {
          if (foldersOf.containsKey(id)) {
            foldersOf.get(id).add(new Folder(h, kept, true));
          }
        });
      }
    });
    computed.forEach(h -> index.remove(h));
    foldersOf.forEach((id, folders) -> {
      for (Row r : CrossRunDedup.decide(id, folders, horizon)) {
        index.computeIfAbsent(r.getString(2), k -> new TreeMap<>()).put(id, r.getBoolean(1));
      }
    });
  }
}
