package io.consentmetrics.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.consentmetrics.testing.MinioImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Values that several files of the development environment must agree on, checked as text: the
 * files are read by different tools (Maven, compose, bash, Spark), none of which sees the others.
 */
class DevEnvironmentConsistencyTest {
  private static final Path ROOT = Path.of(System.getProperty("project.root", "."));

  private static String read(String file) throws IOException {
    return Files.readString(ROOT.resolve(file));
  }

  /** The first group of {@code regex} in {@code file}; fails when it does not match. */
  private static String find(String file, String regex) throws IOException {
    Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(read(file));
    assertTrue(m.find(), file + " has no match for " + regex);
    return m.group(1);
  }

  private static List<String> words(String text) {
    return Arrays.stream(text.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
  }

  @Test
  void bucketName() throws IOException {
    String bucket = find("src/main/resources/application.conf", "^\\s*bucket = \"([^\"]+)\"");
    assertEquals("interview-challenge", bucket);
    assertEquals(bucket, find("docker/docker-compose.yml", "BUCKET: (\\S+)"));
    assertEquals(bucket, find("interview-challenge.sh", "^readonly BUCKET=\"([^\"]+)\""));
    String jobConfig = read("docker/minio/data/config/metrics-job.json");
    assertTrue(jobConfig.contains("\"s3a://" + bucket + "/data/events\""), jobConfig);
    assertTrue(jobConfig.contains("\"s3a://" + bucket + "/data/metrics\""), jobConfig);
  }

  @Test
  void s3EndpointIsTheComposeServiceOnItsApiPort() throws IOException {
    String endpoint = find("docker/docker.env", "^AWS_S3_ENDPOINT_URL=(\\S+)");
    assertEquals("http://s3:9000", endpoint);
    assertEquals(endpoint, find("docker/spark/conf/spark-defaults.conf", "^spark\\.hadoop\\.fs\\.s3a\\.endpoint\\s+(\\S+)"));
    assertEquals(endpoint, find("interview-challenge.sh", "CONSENT_METRICS_IT_S3_ENDPOINT=(\\S+)"));
    assertEquals(endpoint, find("docker/minio/setup.sh", "mc alias set local (\\S+)"));
    assertTrue(read("docker/docker-compose.yml").contains("\n  s3:\n"), "compose has an s3 service");
    assertTrue(read("docker/docker-compose.ports.yml").contains("\"127.0.0.1:9000:9000\""), "the S3 API port is published");
  }

  @Test
  void credentialVariablesAreTheOnesTheJobReadsAndMinioAccepts() throws IOException {
    for (String variable : List.of("AWS_S3_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")) {
      assertTrue(read("src/main/resources/application.conf").contains("${?" + variable + "}"), variable);
      find("docker/docker.env", "^" + variable + "=(\\S+)");
    }
    assertEquals(find("docker/docker.env", "^MINIO_ROOT_USER=(\\S+)"), find("docker/docker.env", "^AWS_ACCESS_KEY_ID=(\\S+)"));
    assertEquals(find("docker/docker.env", "^MINIO_ROOT_PASSWORD=(\\S+)"), find("docker/docker.env", "^AWS_SECRET_ACCESS_KEY=(\\S+)"));
  }

  @Test
  void sourceMountAndJarPath() throws IOException {
    String appDir = find("interview-challenge.sh", "^readonly CONTAINER_APP_DIR=\"([^\"]+)\"");
    assertEquals("/opt/consent-metrics", appDir);
    assertEquals(appDir, find("docker/docker-compose.yml", "- \\.\\.:(\\S+)"));
    assertEquals(appDir, find("docker/spark/Dockerfile", "^WORKDIR (/opt/consent-metrics)$"));
    String finalName = find("pom.xml", "<finalName>([^<]+)</finalName>");
    assertEquals("$CONTAINER_APP_DIR/target/" + finalName + ".jar", find("interview-challenge.sh", "^readonly CONTAINER_JAR=\"([^\"]+)\""));
    assertEquals("$ROOT_DIR/target/" + finalName + ".jar", find("interview-challenge.sh", "^readonly JAR=\"([^\"]+)\""));
  }

  @Test
  void sparkVersionComesFromThePomOnly() throws IOException {
    String version = find("pom.xml", "<spark.version>([^<]+)</spark.version>");
    assertEquals("3.2.4", version);
    String dockerfile = read("docker/spark/Dockerfile");
    assertTrue(dockerfile.contains("dependency:copy-dependencies -DincludeScope=provided"), "Spark jars come from the pom");
    Matcher mentioned = Pattern.compile("Spark (\\d+\\.\\d+\\.\\d+)").matcher(dockerfile + read("README.md"));
    while (mentioned.find()) {
      assertEquals(version, mentioned.group(1), "a Spark version named in the Dockerfile or README");
    }
  }

  @Test
  void jdk17FlagsAreTheSameEverywhere() throws IOException {
    List<String> pom = words(find("pom.xml", "<jdk17.spark.opens>([^<]+)</jdk17.spark.opens>"));
    assertFalse(pom.isEmpty());
    // The script and the cluster run read them from the pom itself.
    for (String script : List.of("interview-challenge.sh", ".ci/cluster-run")) {
      assertTrue(read(script).contains("<jdk17.spark.opens>\\(--[^<]*\\)</jdk17.spark.opens>"), script);
    }
    for (String key : List.of("spark.driver.extraJavaOptions", "spark.executor.extraJavaOptions")) {
      List<String> defaults = words(find("docker/spark/conf/spark-defaults.conf", "^" + Pattern.quote(key) + "\\s+(.+)$"));
      assertEquals(pom, defaults.stream().filter(w -> w.startsWith("--add-")).toList(), key);
    }
  }

  @Test
  void minioImageIsPinnedAndTheSameInComposeAndTests() throws IOException {
    String image = find("docker/docker-compose.yml", "image: (minio/minio:\\S+)");
    assertTrue(image.matches("minio/minio:RELEASE\\.[0-9T-]+Z"), image);
    assertEquals(image, MinioImage.IN_TESTS);
    assertTrue(find("docker/docker-compose.yml", "image: (minio/mc:\\S+)").matches("minio/mc:RELEASE\\.[0-9T-]+Z"));
  }

  @Test
  void theBundledJobConfigIsValidForTheJob() throws IOException {
    Config parsed = ConfigFactory.parseString(read("docker/minio/data/config/metrics-job.json"));
    assertTrue(parsed.hasPath("input") && parsed.hasPath("output"));
  }
}
