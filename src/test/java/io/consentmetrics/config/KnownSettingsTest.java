package io.consentmetrics.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which settings the job knows: those of application.conf, the hours, and any Hadoop setting. */
class KnownSettingsTest {

  private static Optional<String> firstUnknown(String json) {
    return KnownSettings.firstUnknown(ConfigFactory.parseString(json));
  }

  @Test
  void settingsOfApplicationConfTheHoursAndAnyHadoopSettingAreKnown() {
    assertEquals(Optional.empty(), firstUnknown(
        "{\"max-line-bytes\": \"1MiB\", \"from\": \"2021-01-23-10\", \"to\": \"2021-01-23-11\", \"s3\": {\"endpoint\": \"x\"},"
            + " \"hadoop\": {\"fs.s3a.anything.at.all\": 1}}"));
    assertEquals(Optional.empty(), firstUnknown("{}"));
  }

  @Test
  void anUnknownSettingIsNamedWithTheClosestKnownOne() {
    assertEquals(Optional.of("unknown setting max-rejected-shares (did you mean max-rejected-share?)"),
        firstUnknown("{\"max-rejected-shares\": 0.2}"));
    assertEquals(Optional.of("unknown setting s3.endpiont (did you mean s3.endpoint?)"),
        firstUnknown("{\"s3\": {\"endpiont\": \"x\"}}"));
  }

  @Test
  void aSettingFarFromAnyKnownOneIsNamedAlone() {
    assertEquals(Optional.of("unknown setting zzzzzzzzzzzz"), firstUnknown("{\"zzzzzzzzzzzz\": 1}"));
  }
}
