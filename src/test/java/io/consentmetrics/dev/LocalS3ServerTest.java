package io.consentmetrics.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consentmetrics.MainRunner;
import io.consentmetrics.storage.Storage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local run's S3 server keeps its bucket in a folder: the job runs over s3a against it as against
 * MinIO, and what every run wrote is on disk after the server stops, for the next run and for the user.
 */
class LocalS3ServerTest {
  private static final String BUCKET = "dev-local-s3";
  private static final String ACCESS_KEY = "dev-access-key";
  private static final String SECRET_KEY = "dev-secret-key-0123456789";

  @TempDir Path dir;

  private static List<Path> files(Path root, String glob) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> root.getFileSystem().getPathMatcher("glob:" + glob).matches(root.relativize(p))).sorted().toList();
    }
  }

  @Test
  void twoRunsLeaveTwoSnapshotsAndTheLatestCurrentCsvOnDisk() throws Exception {
    Path seed = dir.resolve("seed");
    Path sample = SampleDataTest.SAMPLE_EVENTS;
    for (Path file : files(sample, "**")) {
      Files.createDirectories(seed.resolve("events").resolve(sample.relativize(file)).getParent());
      Files.copy(file, seed.resolve("events").resolve(sample.relativize(file)));
    }
    Path store = dir.resolve("store");
    int port = 0;
    JsonNode summary = null;
    for (int run = 1; run <= 2; run++) {
      // The same port each time: the job's S3A client is cached per bucket in this JVM, endpoint included.
      try (LocalS3Server s3 = LocalS3Server.start(store, BUCKET, seed, port, ACCESS_KEY, SECRET_KEY)) {
        port = Integer.parseInt(s3.endpoint().substring(s3.endpoint().lastIndexOf(':') + 1));
        MainRunner.Result result = MainRunner.run(Map.of(
            "consent-metrics.bucket", BUCKET,
            "consent-metrics.s3.endpoint", s3.endpoint(),
            "consent-metrics.s3.access-key", ACCESS_KEY,
            "consent-metrics.s3.secret-key", SECRET_KEY));
        assertEquals(0, result.status(), result.err());
        summary = new ObjectMapper().readTree(result.out());
      }
    }
    Path metrics = store.resolve(BUCKET).resolve("data/metrics");
    assertEquals(307, summary.get("lines_read").asLong(), "every seeded line was listed and read over s3a");
    assertEquals(2, files(metrics, "hist/year=*/month=*/day=*/time=*/*.parquet").size(), "one snapshot per run");
    assertEquals(2, files(metrics, "summary/**/summary.json").size());
    List<String> csv = Files.readAllLines(metrics.resolve("current/metrics.csv"));
    assertEquals(summary.get("groups_written").asLong() + 1, csv.size());
    assertTrue(csv.get(0).startsWith("datehour,domain,country,"), csv.get(0));
    assertEquals(List.of(), emptyFolders(metrics), "no scratch folder left behind");
    for (Path file : files(metrics, "**")) {
      assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
          "mode of " + metrics.relativize(file) + ", as a local --output writes it");
    }
  }

  /**
   * What the job does with its staged CSV, through S3A: write it with a marker-making committer's
   * steps, move it out, delete the run's staging folder, then the staging root if empty. S3 then has
   * no {@code _staging/}; neither may the bucket's folder on disk. Every object is stored 0644.
   */
  @Test
  void aDeletedFolderLeavesNoEmptyFolderOnDiskAndObjectsAreReadableByAll() throws Exception {
    Files.createDirectories(dir.resolve("seed"));
    try (LocalS3Server s3 = LocalS3Server.start(dir.resolve("store"), BUCKET, dir.resolve("seed"), 0, ACCESS_KEY, SECRET_KEY)) {
      org.apache.hadoop.conf.Configuration hadoop = new org.apache.hadoop.conf.Configuration();
      hadoop.set("fs.s3a.endpoint", s3.endpoint());
      hadoop.setBoolean("fs.s3a.connection.ssl.enabled", false);
      hadoop.setBoolean("fs.s3a.path.style.access", true);
      hadoop.set("fs.s3a.access.key", ACCESS_KEY);
      hadoop.set("fs.s3a.secret.key", SECRET_KEY);
      hadoop.setBoolean("fs.s3a.impl.disable.cache", true);
      Storage storage = new Storage(hadoop);
      String root = "s3a://" + BUCKET + "/data/metrics";
      storage.atomic().writeText(root + "/_staging/run1/current/part-0.csv", "a");
      storage.atomic().writeText(root + "/_staging/run1/current/_SUCCESS", "");
      storage.atomic().replace(root + "/_staging/run1/current/part-0.csv", root + "/current/metrics.csv");
      storage.delete(root + "/_staging/run1");
      storage.housekeeping().deleteIfEmpty(root + "/_staging");
    }
    Path metrics = dir.resolve("store").resolve(BUCKET).resolve("data/metrics");
    assertEquals(List.of(), emptyFolders(metrics));
    assertEquals(List.of(metrics.resolve("current/metrics.csv")), files(metrics, "**"));
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(metrics.resolve("current/metrics.csv"))));
  }

  private static List<String> emptyFolders(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isDirectory).filter(d -> {
        try (Stream<Path> children = Files.list(d)) {
          return children.findAny().isEmpty();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).map(d -> root.relativize(d).toString()).sorted().toList();
    }
  }
}
