package io.consentmetrics.metrics.rules;

import static io.consentmetrics.metrics.rules.Consent.TokenStatus.ABSENT;
import static io.consentmetrics.metrics.rules.Consent.TokenStatus.CONSENT;
import static io.consentmetrics.metrics.rules.Consent.TokenStatus.INVALID;
import static io.consentmetrics.metrics.rules.Consent.TokenStatus.NO_CONSENT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.consentmetrics.metrics.Columns;
import io.consentmetrics.testing.DatasetAssertions;
import io.consentmetrics.testing.Fixtures;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** SPEC rule 5: consent is a token whose purposes.enabled is a non-empty array; never a failure. */
class ConsentTest {

  @Test
  void aNonEmptyEnabledArrayIsConsent() {
    assertEquals(CONSENT, Consent.statusOf(Fixtures.token(List.of("analytics"))));
    assertEquals(CONSENT, Consent.statusOf("{\"purposes\":{\"enabled\":[{\"x\":[1]}]}}"));
    assertEquals(CONSENT, Consent.statusOf("{\"a\":[1,{}],\"purposes\":{\"disabled\":[],\"enabled\":[\"p\",\"q\"]},\"z\":1}"));
  }

  @Test
  void anEmptyOrMissingOrNonArrayEnabledIsNoConsent() {
    assertEquals(NO_CONSENT, Consent.statusOf(Fixtures.token(List.of())));
    assertEquals(NO_CONSENT, Consent.statusOf("{}"));
    assertEquals(NO_CONSENT, Consent.statusOf("{\"purposes\":{}}"));
    assertEquals(NO_CONSENT, Consent.statusOf("{\"purposes\":{\"enabled\":\"analytics\"}}"));
    assertEquals(NO_CONSENT, Consent.statusOf("{\"purposes\":{\"enabled\":{\"a\":1}}}"));
    assertEquals(NO_CONSENT, Consent.statusOf("{\"purposes\":5}"));
    assertEquals(NO_CONSENT, Consent.statusOf("{\"vendors\":{\"enabled\":[\"v1\"]}}"));
  }

  @Test
  void aNullOrEmptyTokenIsAbsentNotInvalid() {
    assertEquals(ABSENT, Consent.statusOf(null));
    assertEquals(ABSENT, Consent.statusOf(""));
  }

  @Test
  void anUnparsableTokenIsInvalid() {
    assertEquals(INVALID, Consent.statusOf("{\"purposes\":{\"enabled\":[\"a\""));
    assertEquals(INVALID, Consent.statusOf("not json"));
    assertEquals(INVALID, Consent.statusOf("[\"analytics\"]"));
    assertEquals(INVALID, Consent.statusOf("{\"purposes\":{\"enabled\":[\"a\"]}} extra"));
  }

  @Test
  void flagTurnsTheTokenStatusIntoConsentAndInvalidTokenFlags() {
    StructType in = new StructType().add(Columns.ID, DataTypes.StringType).add(Columns.TOKEN_STATUS, DataTypes.StringType);
    Dataset<Row> events =
        Fixtures.dataset(
            in,
            RowFactory.create("e1", "CONSENT"),
            RowFactory.create("e2", "NO_CONSENT"),
            RowFactory.create("e3", "ABSENT"),
            RowFactory.create("e4", "INVALID"));

    StructType out =
        new StructType()
            .add(Columns.ID, DataTypes.StringType)
            .add(Columns.HAS_CONSENT, DataTypes.BooleanType, false)
            .add(Columns.HAS_INVALID_TOKEN, DataTypes.BooleanType, false);
    DatasetAssertions.assertDatasetEquals(
        Fixtures.dataset(
            out,
            RowFactory.create("e1", true, false),
            RowFactory.create("e2", false, false),
            RowFactory.create("e3", false, false),
            RowFactory.create("e4", false, true)),
        events.transform(Consent::flag));
  }
}
