package io.consentmetrics.metrics.rules;

import static org.apache.spark.sql.functions.col;

import io.consentmetrics.metrics.Columns;
import io.consentmetrics.spark.Literals;
import org.apache.spark.sql.Column;

/** The event types the metrics count. Matched exactly: {@code Pageview} is not a pageview. */
public final class EventTypes {
  private EventTypes() {}

  public static final String PAGEVIEW = "pageview";
  public static final String CONSENT_ASKED = "consent.asked";
  public static final String CONSENT_GIVEN = "consent.given";

  public static Column is(String type) {
    return col(Columns.TYPE).equalTo(Literals.of(type));
  }

  /** False, never null, for a missing type, so that it can be negated safely. */
  public static Column isKnown() {
    return is(PAGEVIEW).or(is(CONSENT_ASKED)).or(is(CONSENT_GIVEN)).and(col(Columns.TYPE).isNotNull());
  }
}
