package io.consentmetrics.it;

import static io.consentmetrics.testing.Fixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3ClientBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consentmetrics.MainRunner;
import io.consentmetrics.metrics.MetricsJob;
import io.consentmetrics.metrics.publish.RunSummary;
import io.consentmetrics.testing.Fixtures;
import io.consentmetrics.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The whole job ({@code MetricsJob}, its {@code RunSummary}) through {@code Main}, over s3a, against a real S3 API server, on a small
 * hand-checked fixture: two hours, one of them gzipped, with one case of every SPEC rule. The
 * default job config file in the bucket redirects the output and loosens the quality gate (2 of
 * the 11 lines are rejected), which proves it is read.
 */
abstract class MetricsJobEndToEndTest {
  private static final String TOKEN = Fixtures.CONSENT_TOKEN;
  private static final String NO = Fixtures.NO_CONSENT_TOKEN;

  /** Hour 10: one case of each rule. */
  static final List<String> HOUR_10 =
      List.of(
          event("e1", "2021-01-23 10:05:00", "pageview", "a.com", "u1", "FR", TOKEN),
          event("e2", "2021-01-23 10:10:00", "pageview", "a.com", "u2", "FR", NO),
          event("e3", "2021-01-23 10:15:00", "consent.asked", "a.com", "u1", "FR", NO),
          "{\"id\":\"e4\",\"datetime\":\"2021-01-23 10:20:00\",\"type\":\"consent.gi", // truncated
          event("e5", "2021-01-23 09:58:00", "consent.given", "a.com", "u1", "FR", TOKEN), // late
          event("e6", "2021-01-23 10:30:00", "pageview", "b.com", "u3", null, "{x"), // no country, bad token
          event(null, "2021-01-23 10:31:00", "pageview", "a.com", "u1", "FR", TOKEN), // no id
          event("e7", "2021-01-23 10:32:00", "Pageview", "a.com", "u1", "FR", TOKEN)); // unknown type

  /** Hour 11, gzipped: a second delivery of e1, and a pageview without a user id. */
  static final List<String> HOUR_11 =
      List.of(
          HOUR_10.get(0),
          event("e8", "2021-01-23 11:00:00", "pageview", "a.com", "u1", "FR", TOKEN),
          event("e9", "2021-01-23 11:01:00", "pageview", "a.com", null, "FR", NO));

  static final String EXPECTED_CSV =
      String.join(
          "\n",
          "datehour,domain,country,pageviews,pageviews_with_consent,consents_asked,"
              + "consents_asked_with_consent,consents_given,consents_given_with_consent,"
              + "avg_pageviews_per_user",
          "2021-01-23-10,a.com,FR,2,1,1,0,1,1,1.0",
          "2021-01-23-10,b.com,,1,0,0,0,0,0,1.0",
          "2021-01-23-11,a.com,FR,2,1,0,0,0,0,2.0",
          "");

  protected abstract String endpoint();

  protected abstract String accessKey();

  protected abstract String secretKey();

  protected abstract void createBucket(String bucket);

  /** Test set-up for servers other than S3Proxy: the job itself reaches S3 only through s3a. */
  protected void createBucketWithAwsSdk(String bucket) {
    AmazonS3 s3 =
        AmazonS3ClientBuilder.standard()
            .withEndpointConfiguration(new AwsClientBuilder.EndpointConfiguration(endpoint(), "us-east-1"))
            .withPathStyleAccessEnabled(true)
            .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials(accessKey(), secretKey())))
            .build();
    if (!s3.doesBucketExistV2(bucket)) {
      s3.createBucket(bucket);
    }
  }

  /** Each server test gets its own bucket, so that no cached s3a client from another test is reused. */
  protected abstract String bucket();

  @Test
  void computesExactMetricsRejectedLinesSnapshotAndSummary() throws Exception {
    String bucket = bucket();
    createBucket(bucket);
    String root = "s3a://" + bucket + "/data";
    try (FileSystem fs = FileSystem.newInstance(URI.create(root), testClient())) {
      fs.delete(new Path(root), true); // a server that keeps its data (compose MinIO) starts clean
      write(fs, root + "/events/datehour=2021-01-23-10/part-0.json", lines(HOUR_10), false);
      write(fs, root + "/events/datehour=2021-01-23-11/part-0.json.gz", lines(HOUR_11), true);
      write(fs, root + "/events/datehour=2021-01-23-11/_SUCCESS", "", false);
      write(fs, root + "/config/metrics-job.json",
          "{\"output\": \"" + root + "/metrics-from-config\", \"max-rejected-share\": 0.2}", false);

      MainRunner.Result result =
          MainRunner.run(
              Map.of(
                  "consent-metrics.bucket", bucket,
                  "consent-metrics.s3.endpoint", endpoint(),
                  "consent-metrics.s3.access-key", accessKey(),
                  "consent-metrics.s3.secret-key", secretKey()));
      assertEquals(0, result.status(), result.err());

      String out = root + "/metrics-from-config";
      List<String> current = list(fs, out + "/current");
      assertEquals(List.of(out + "/current/metrics.csv"), current);
      assertEquals(EXPECTED_CSV, read(fs, current.get(0)));

      Dataset<Row> hist = SharedSpark.session().read().parquet(out + "/hist");
      assertEquals(
          "datehour,domain,country,pageviews,pageviews_with_consent,consents_asked,"
              + "consents_asked_with_consent,consents_given,consents_given_with_consent,"
              + "avg_pageviews_per_user,year,month,day,time",
          String.join(",", hist.columns()));
      assertEquals(
          List.of(
              "[2021-01-23-10,a.com,FR,2,1,1,0,1,1,1.0]",
              "[2021-01-23-10,b.com,null,1,0,0,0,0,0,1.0]",
              "[2021-01-23-11,a.com,FR,2,1,0,0,0,0,2.0]"),
          hist.drop("year", "month", "day", "time").orderBy("datehour", "domain").collectAsList()
              .stream().map(Row::toString).toList());
      assertEquals(1, hist.select("year", "month", "day", "time").distinct().count());

      Dataset<Row> rejected = SharedSpark.session().read().json(out + "/rejected");
      List<String> rejectedRows =
          rejected.select("datehour", "reject_reason", "line").orderBy("reject_reason")
              .collectAsList().stream().map(Row::toString).toList();
      assertEquals(
          List.of(
              "[2021-01-23-10,malformed_json," + HOUR_10.get(3) + "]",
              "[2021-01-23-10,missing_id," + HOUR_10.get(6) + "]"),
          rejectedRows);

      JsonNode summary = new ObjectMapper().readTree(result.out());
      assertEquals(2, summary.get("input_files").asInt());
      assertEquals(11, summary.get("lines_read").asInt());
      assertEquals(1, summary.get("rejected_by_reason").get("malformed_json").asInt());
      assertEquals(1, summary.get("rejected_by_reason").get("missing_id").asInt());
      assertEquals(1, summary.get("duplicates").asInt());
      assertEquals(1, summary.get("unknown_type").asInt());
      assertEquals(7, summary.get("events_counted").asInt());
      assertEquals(1, summary.get("invalid_token").asInt());
      assertEquals(1, summary.get("late_events").asInt());
      assertEquals(3, summary.get("groups_written").asInt());
      assertTrue(summary.get("durations_ms").get("total").asLong() > 0);

      List<String> summaries = list(fs, out + "/summary");
      assertEquals(1, summaries.size());
      assertEquals(summary, new ObjectMapper().readTree(read(fs, summaries.get(0))));
      assertEquals(List.of(), list(fs, out + "/_staging"));
    }
  }

  /** A client of its own (not Hadoop's shared cache), so the job under test builds its own. */
  private Configuration testClient() {
    Configuration conf = new Configuration();
    conf.set("fs.s3a.endpoint", endpoint());
    conf.set("fs.s3a.access.key", accessKey());
    conf.set("fs.s3a.secret.key", secretKey());
    conf.setBoolean("fs.s3a.path.style.access", true);
    conf.setBoolean("fs.s3a.connection.ssl.enabled", false);
    return conf;
  }

  static String lines(List<String> lines) {
    return String.join("\n", lines) + "\n";
  }

  private static void write(FileSystem fs, String file, String text, boolean gzip) throws IOException {
    try (OutputStream raw = fs.create(new Path(file), true);
        OutputStream out = gzip ? new GZIPOutputStream(raw) : raw) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static String read(FileSystem fs, String file) throws IOException {
    try (InputStream in = fs.open(new Path(file))) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      in.transferTo(bytes);
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }

  /** Files below {@code dir}, recursively, sorted; empty when it does not exist. */
  private static List<String> list(FileSystem fs, String dir) throws IOException {
    List<String> files = new ArrayList<>();
    Path path = new Path(dir);
    if (!fs.exists(path)) {
      return files;
    }
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(path, true);
    while (it.hasNext()) {
      files.add(it.next().getPath().toString());
    }
    files.sort(null);
    return files;
  }
}
