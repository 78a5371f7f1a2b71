package io.consentmetrics.testing;

import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

/**
 * Names each slow or failed test as it finishes ({@code [test] FaultToleranceTest.killedMidWrite 21.4 s}),
 * so that a long test class is not minutes of silence: Surefire reports a class only when all its tests
 * are done. Registered for every test through {@code META-INF/services} (autodetection is on in
 * {@code junit-platform.properties}); {@code ./interview-challenge.sh run-tests} shows these lines.
 */
public final class TestProgress implements BeforeEachCallback, AfterEachCallback {
  /** Quicker tests pass without a line: they leave no silence worth filling. */
  static final long SLOW_MILLIS = 2_000;
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestProgress.class);

  @Override
  public void beforeEach(ExtensionContext context) {
    context.getStore(NAMESPACE).put("started", System.nanoTime());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    long millis = (System.nanoTime() - context.getStore(NAMESPACE).get("started", Long.class)) / 1_000_000;
    String outcome = outcome(context.getExecutionException());
    if (!outcome.isEmpty() || millis >= SLOW_MILLIS) {
      System.out.println(line(context.getRequiredTestClass().getSimpleName(), context.getRequiredTestMethod().getName(),
          millis, outcome));
    }
  }

  /** Nothing for a pass; a test whose assumption does not hold here (no Docker, no browser) is skipped, not failed. */
  static String outcome(Optional<Throwable> thrown) {
    return thrown.map(t -> t instanceof TestAbortedException ? " SKIPPED" : " FAILED").orElse("");
  }

  static String line(String testClass, String method, long millis, String outcome) {
    return String.format(Locale.ROOT, "[test] %s.%s %.1f s%s", testClass, method, millis / 1000.0, outcome);
  }
}
