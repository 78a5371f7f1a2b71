package io.consentmetrics.common;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.util.QueryExecutionListener;
import scala.collection.JavaConverters;

/**
 * Runs one Spark action and returns, with its result, what the {@code Dataset.observe} calls in its
 * plan measured. Spark 3.2 hands observed metrics only to query listeners, which are called on the
 * listener bus thread after the action returns; this waits for that call (Spark 3.3's {@code
 * Observation} does the same).
 */
public final class Observations {
  private Observations() {}

  private static final long WAIT_SECONDS = 60;

  public record Observed<T>(T result, Map<String, Row> metrics) {}

  public static <T> Observed<T> run(SparkSession spark, Supplier<T> action) {
    Listener listener = new Listener();
    spark.listenerManager().register(listener);
    try {
      T result = action.get();
      if (!listener.observed.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new IllegalStateException("Spark reported no observed metrics within " + WAIT_SECONDS + " s");
      }
      return new Observed<>(result, listener.metrics);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for observed metrics", e);
    } finally {
      spark.listenerManager().unregister(listener);
    }
  }

  private static final class Listener implements QueryExecutionListener {
    final CountDownLatch observed = new CountDownLatch(1);
    volatile Map<String, Row> metrics;

    @Override
    public void onSuccess(String funcName, QueryExecution qe, long durationNs) {
      scala.collection.immutable.Map<String, Row> m = qe.observedMetrics();
      if (m.nonEmpty() && observed.getCount() > 0) {
        metrics = Map.copyOf(JavaConverters.mapAsJavaMap(m));
        observed.countDown();
      }
    }

    @Override
    public void onFailure(String funcName, QueryExecution qe, Exception exception) {}
  }
}
