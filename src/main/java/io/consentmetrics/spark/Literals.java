package io.consentmetrics.spark;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.expressions.Literal$;

/**
 * Literal columns, made from the value's class. {@code functions.lit} (and every {@code Column}
 * method that takes a plain value, such as {@code equalTo("x")} or {@code gt(0)}) first asks Scala
 * reflection for the value's static type, and the first such lookup in a JVM reads Scala type
 * signatures for over a second of one core, before the job's first task; this takes a tenth of
 * that. The job's transforms and writers pass values through here, so the job never makes that
 * lookup.
 */
public final class Literals {
  private Literals() {}

  /** A literal of {@code value}'s Spark type: a String is text, an Integer an int, a Long a bigint. */
  public static Column of(Object value) {
    return new Column(Literal$.MODULE$.apply(value));
  }
}
