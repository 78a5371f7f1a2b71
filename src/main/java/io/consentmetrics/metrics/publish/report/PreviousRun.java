package io.consentmetrics.metrics.publish.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.consentmetrics.metrics.publish.OutputLayout;
import io.consentmetrics.metrics.publish.RunSummary;
import io.consentmetrics.storage.Storage;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;

/**
 * The summary of the run the report compares with: the newest succeeded run other than this one.
 * Summaries sit in folders named after their run's start time ({@link OutputLayout}), so their paths
 * sort by start time; the newest are read first, and a failed run (its gate, say) is passed over.
 */
final class PreviousRun {
  private PreviousRun() {}

  /** Failed runs passed over at most: a long outage should not make every report read hundreds of files. */
  static final int MAX_READ = 50;

  static Optional<JsonNode> summary(Storage storage, OutputLayout out) {
    String root = out.root() + "/summary";
    String own = storage.qualified(out.summary());
    List<String> paths = storage.listing().all(root).stream()
        .map(FileStatus::getPath)
        .map(Object::toString)
        .filter(p -> p.endsWith("/summary.json") && !p.equals(own))
        .sorted(Comparator.reverseOrder())
        .limit(MAX_READ)
        .toList();
    for (String path : paths) {
      Optional<JsonNode> summary = storage.readTextIfExists(path).flatMap(PreviousRun::parse);
      if (summary.isPresent() && RunSummary.Outcome.SUCCEEDED.equals(summary.get().path("status").asText())) {
        return summary;
      }
    }
    return Optional.empty();
  }

  /** A summary that is not JSON (written by hand, or cut short) is no previous run. */
  private static Optional<JsonNode> parse(String text) {
    try {
      return Optional.of(Html.JSON.readTree(text));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
