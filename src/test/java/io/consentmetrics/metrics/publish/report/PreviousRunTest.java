package io.consentmetrics.metrics.publish.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.consentmetrics.metrics.publish.OutputLayout;
import io.consentmetrics.storage.Storage;
import io.consentmetrics.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run the report compares with: the newest succeeded summary other than this run's own. */
class PreviousRunTest {
  @TempDir Path root;

  private OutputLayout run(String instant, String suffix) {
    return new OutputLayout(root.toString(), Instant.parse(instant), suffix);
  }

  private void summary(OutputLayout run, String status) throws IOException {
    Path file = Path.of(run.summary());
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{\"run_id\": \"" + run.runId() + "\", \"status\": \"" + status + "\"}");
  }

  private Optional<String> previousOf(OutputLayout run) {
    Storage storage = new Storage(SharedSpark.session().sparkContext().hadoopConfiguration());
    return PreviousRun.summary(storage, run).map(s -> s.get("run_id").asText());
  }

  @Test
  void theNewestSucceededRunOtherThanThisOneIsPassedOverFailedRuns() throws IOException {
    OutputLayout older = run("2021-01-23T08:00:00Z", "aaaa");
    OutputLayout succeeded = run("2021-01-23T09:00:00Z", "bbbb");
    OutputLayout failed = run("2021-01-23T10:00:00Z", "cccc");
    OutputLayout now = run("2021-01-23T11:00:00Z", "dddd");
    summary(older, "succeeded");
    summary(succeeded, "succeeded");
    summary(failed, "failed");
    summary(now, "succeeded"); // this run's own, should it already be there
    assertEquals(Optional.of(succeeded.runId()), previousOf(now));
  }

  @Test
  void aFirstRunHasNone() {
    assertEquals(Optional.empty(), previousOf(run("2021-01-23T11:00:00Z", "dddd")));
  }

  @Test
  void aSummaryThatIsNotJsonIsNoPreviousRun() throws IOException {
    OutputLayout good = run("2021-01-23T08:00:00Z", "aaaa");
    summary(good, "succeeded");
    OutputLayout cut = run("2021-01-23T09:00:00Z", "bbbb");
    Files.createDirectories(Path.of(cut.summary()).getParent());
    Files.writeString(Path.of(cut.summary()), "{\"run_id\": ");
    assertEquals(Optional.of(good.runId()), previousOf(run("2021-01-23T11:00:00Z", "dddd")));
  }
}
