package io.consentmetrics.metrics.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consentmetrics.metrics.JobFailure;
import io.consentmetrics.storage.Locations;
import io.consentmetrics.storage.Storage;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;

/**
 * One writer per output root: a run holds {@code <root>/_lease.json} (its run id and start time)
 * from before it writes anything until it ends. The file is created only if absent; a second run
 * finds it and fails at once, naming the holder. A run killed without releasing it leaves it
 * behind: a lease older than {@code maxAge} is taken over (the summary says from which run).
 *
 * <p>How exclusive: on a local filesystem the create is atomic ({@code O_EXCL}), and that is all it
 * takes. On S3 with this Hadoop version (3.3.1) there is no conditional PUT: S3A checks that the
 * key is absent (HEAD), then uploads (PUT), so two runs that both check before either upload lands
 * both "create" it, the later upload replacing the earlier. So on S3 a run verifies after writing:
 * it waits {@code settle} (config {@code lease-settle}), reads the lease back, and fails naming the
 * holder unless it still holds its own run id. Of racing runs, every one whose upload was replaced
 * sees the last upload and fails; the last writer finds its own and proceeds: exactly one.
 *
 * <p>The assumption left: each racing run's HEAD-to-PUT-complete gap is shorter than {@code
 * settle}. A run whose upload lands more than {@code settle} after another's passed its HEAD check
 * lands after the other has read back and gone ahead, so both would proceed. One small PUT takes
 * tens of milliseconds; the default settle is 2 s. (Conditional writes, {@code If-None-Match: *},
 * would remove the assumption; this Hadoop version cannot send them.)
 */
public final class OutputLease implements AutoCloseable {
  public static final String FILE_NAME = "_lease.json";
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Only a value of this shape is ever printed from a lease file: it is ours, not a secret. */
  private static final Pattern RUN_ID = Pattern.compile("[0-9]{8}T[0-9]{6}(\\.[0-9]{3})?Z(-[0-9a-f]{4})?");

  private final Storage storage;
  private final String root;
  private final String file;
  private final String content;
  private final boolean rootExisted;
  private final Optional<String> takenOverFrom;

  private OutputLease(Storage storage, String root, String content, boolean rootExisted, Optional<String> takenOverFrom) {
    this.storage = storage;
    this.root = root;
    this.file = fileOf(root);
    this.content = content;
    this.rootExisted = rootExisted;
    this.takenOverFrom = takenOverFrom;
  }

  public static String fileOf(String root) {
    return Locations.withoutTrailingSlashes(root) + "/" + FILE_NAME;
  }

  /**
   * Takes the lease on {@code root} for run {@code runId}, or fails naming the run that holds it.
   * Where creating a file is not exclusive (S3), waits {@code settle} after writing the lease
   * before reading it back (see the class comment).
   */
  public static OutputLease acquire(
      Storage storage, String root, String runId, Instant now, Duration maxAge, Duration settle) {
    String file = fileOf(root);
    String content = content(runId, now);
    Duration wait = storage.atomic().createIsExclusive(file) ? Duration.ZERO : settle;
    boolean rootExisted = storage.exists(root);
    if (storage.atomic().createIfAbsent(file, content)) {
      return confirmed(storage, root, content, wait, rootExisted, Optional.empty());
    }
    Optional<FileStatus> held = storage.status(file);
    if (held.isEmpty() && storage.atomic().createIfAbsent(file, content)) { // released in the meantime
      return confirmed(storage, root, content, wait, rootExisted, Optional.empty());
    }
    String holder = holder(storage.readTextIfExists(file).orElse(""));
    Duration age = held.map(s -> Duration.between(Instant.ofEpochMilli(s.getModificationTime()), now)).orElse(Duration.ZERO);
    if (age.compareTo(maxAge) <= 0) {
      throw new JobFailure("output root " + root + " is in use by run " + holder + " (lease " + file + ", "
          + age.toSeconds() + " s old); if that run is dead, delete the lease or wait until it is older than "
          + "lease-max-age (" + maxAge.toSeconds() + " s)");
    }
    storage.delete(file);
    if (!storage.atomic().createIfAbsent(file, content)) {
      throw new JobFailure("output root " + root + " was taken over by another run at the same time (lease " + file + ")");
    }
    return confirmed(storage, root, content, wait, rootExisted, Optional.of(holder));
  }

  /** Reads the lease back after {@code settle}: it must still be this run's (see the class comment). */
  private static OutputLease confirmed(Storage storage, String root, String content, Duration settle,
      boolean rootExisted, Optional<String> takenOverFrom) {
    String file = fileOf(root);
    sleep(settle);
    String readBack = storage.readTextIfExists(file).orElse("");
    if (!readBack.equals(content)) {
      throw new JobFailure("output root " + root + " was taken by run " + holder(readBack)
          + " at the same time (lease " + file + ")");
    }
    return new OutputLease(storage, root, content, rootExisted, takenOverFrom);
  }

  private static void sleep(Duration settle) {
    if (settle.isZero() || settle.isNegative()) {
      return;
    }
    try {
      Thread.sleep(settle.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JobFailure("interrupted while taking the lease");
    }
  }

  /** The run id of a lease's holder, when the file holds a run id; never any other text of the file. */
  static String holder(String leaseText) {
    try {
      JsonNode id = JSON.readTree(leaseText).get("run_id");
      if (id != null && RUN_ID.matcher(id.asText()).matches()) {
        return id.asText();
      }
    } catch (Exception e) {
      // not ours: fall through
    }
    return "(unknown: the lease file does not hold a run id)";
  }

  private static String content(String runId, Instant now) {
    Map<String, String> lease = new LinkedHashMap<>();
    lease.put("run_id", runId);
    lease.put("started", now.toString());
    try {
      return JSON.writeValueAsString(lease);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The run whose stale lease this run took over, if it did. */
  public Optional<String> takenOverFrom() {
    return takenOverFrom;
  }

  /**
   * Releases the lease if it is still this run's; removes the output root again when this run
   * created it and left nothing in it (a run that failed before writing).
   */
  @Override
  public void close() {
    if (storage.readTextIfExists(file).map(content::equals).orElse(false)) {
      storage.delete(file);
    }
    if (!rootExisted) {
      storage.housekeeping().deleteIfEmpty(root);
    }
  }
}
