package io.consentmetrics.spark;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.expressions.RLike;

/**
 * Spark SQL expressions built from Catalyst directly, where the public {@code Column} method would
 * pass a plain value through {@code functions.lit} and its Scala reflection (see {@link Literals}).
 * Spark internal: Catalyst's expression classes (docs/spark-upgrade.md).
 */
public final class SqlExpressions {
  private SqlExpressions() {}

  /** Whether {@code value} matches the Java regular expression {@code pattern} anywhere. */
  public static Column rlike(Column value, String pattern) {
    return new Column(new RLike(value.expr(), Literals.of(pattern).expr()));
  }
}
