package io.consentmetrics.metrics.publish;

import io.consentmetrics.metrics.Columns;
import io.consentmetrics.storage.Storage;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The hours of {@code table/} that a run computed and found without any group: every copy of their
 * events is now a duplicate of an earlier hour's (after a backfill, say). Writing the run's metrics
 * replaces only the hours that have rows, so such an hour would keep its old rows; it is removed.
 */
public final class TableHours {
  private TableHours() {}

  /** Removes from {@code table/} each of {@code computed} that is not among {@code withGroups}; returns them. */
  public static List<String> removeWithoutGroups(
      Storage storage, OutputLayout out, Collection<String> computed, Set<String> withGroups) {
    List<String> empty = new TreeSet<>(computed).stream().filter(h -> !withGroups.contains(h)).toList();
    for (String hour : empty) {
      storage.delete(out.table() + "/" + Columns.DATEHOUR + "=" + hour);
    }
    return empty;
  }
}
