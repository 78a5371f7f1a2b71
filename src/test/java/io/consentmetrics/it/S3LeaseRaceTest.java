package io.consentmetrics.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consentmetrics.metrics.publish.OutputLease;
import io.consentmetrics.storage.Storage;
import io.consentmetrics.testing.S3ProxyServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/**
 * The lease on S3: S3A's create-if-absent is a check then an upload (no conditional PUT in Hadoop
 * 3.3), so runs starting in the same instant can all pass the check. The run then waits the settle
 * time and reads the lease back: of runs acquiring at the same instant, exactly one goes ahead,
 * round after round; a run that starts once another holds the lease is refused at once. The
 * server holds the uploads of a lease, the n-th one n × 100 ms, so that all the runs of a round
 * pass the check before any upload lands, and the uploads land one by one: the race happens every
 * round, not by chance (without the settle time, each run would read back its own upload before
 * the next one lands, and all would go ahead).
 */
class S3LeaseRaceTest {
  private static final int ROUNDS = 20;
  private static final int RUNS = 4;
  /** Shorter than the default (2 s) to keep the test quick; still far above one small PUT. */
  private static final Duration SETTLE = Duration.ofSeconds(1);
  /** The server holds the n-th upload of a lease n times this long before storing it. */
  private static final long PUT_DELAY_STEP_MILLIS = 100;

  @Test
  void aRunStartingWhileAnotherHoldsTheLeaseIsRefusedAndOfSimultaneousStartsExactlyOneWins() throws Exception {
    try (S3ProxyServer server = S3ProxyServer.start()) {
      String bucket = "lease-race";
      server.createBucket(bucket);
      Configuration conf = new Configuration();
      conf.set("fs.s3a.endpoint", server.endpoint());
      conf.set("fs.s3a.access.key", S3ProxyServer.ACCESS_KEY);
      conf.set("fs.s3a.secret.key", S3ProxyServer.SECRET_KEY);
      conf.setBoolean("fs.s3a.path.style.access", true);
      conf.setBoolean("fs.s3a.connection.ssl.enabled", false);
      Storage storage = new Storage(conf);

      String held = "s3a://" + bucket + "/held";
      try (OutputLease first = OutputLease.acquire(storage, held, "20210123T100000.000Z-0001", Instant.now(), Duration.ofHours(1), SETTLE)) {
        RuntimeException refused = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
            () -> OutputLease.acquire(storage, held, "20210123T100000.000Z-0002", Instant.now(), Duration.ofHours(1), SETTLE));
        assertTrue(refused.getMessage().contains("is in use by run 20210123T100000.000Z-0001"), refused.getMessage());
      }

      java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> uploads = new java.util.concurrent.ConcurrentHashMap<>();
      server.onRequest((operation, key) -> {
        if (operation.equals("put") && key.endsWith(OutputLease.FILE_NAME)) {
          int nth = uploads.computeIfAbsent(key, k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
          try {
            Thread.sleep(nth * PUT_DELAY_STEP_MILLIS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      });
      int[] winnersPerRound = new int[ROUNDS];
      List<String> losersNotNamingTheWinner = new ArrayList<>();
      ExecutorService pool = Executors.newFixedThreadPool(RUNS);
      try {
        for (int round = 0; round < ROUNDS; round++) {
          String root = "s3a://" + bucket + "/race-" + round;
          CountDownLatch start = new CountDownLatch(1);
          List<Future<Object>> attempts = new ArrayList<>(); // the lease, or the failure's message
          for (int i = 0; i < RUNS; i++) {
            String runId = String.format("20210123T100000.000Z-%04x", i);
            attempts.add(pool.submit(() -> {
              start.await();
              try {
                return OutputLease.acquire(storage, root, runId, Instant.now(), Duration.ofHours(1), SETTLE);
              } catch (RuntimeException e) {
                return e.getMessage();
              }
            }));
          }
          start.countDown();
          List<String> failures = new ArrayList<>();
          for (Future<Object> attempt : attempts) {
            if (attempt.get() instanceof OutputLease) {
              winnersPerRound[round]++;
            } else {
              failures.add((String) attempt.get());
            }
          }
          String holder = storage.readTextIfExists(OutputLease.fileOf(root)).orElse("");
          for (String failure : failures) {
            if (!holder.contains("\"" + failure.replaceFirst("(?s).* by run (\\S+) .*", "$1") + "\"")) {
              losersNotNamingTheWinner.add(failure);
            }
          }
        }
      } finally {
        pool.shutdownNow();
      }
      System.out.println("S3 lease race, " + ROUNDS + " rounds of " + RUNS + " simultaneous runs, winners per round: "
          + java.util.Arrays.toString(winnersPerRound));
      int[] one = new int[ROUNDS];
      java.util.Arrays.fill(one, 1);
      assertArrayEquals(one, winnersPerRound, "winners per round");
      assertEquals(List.of(), losersNotNamingTheWinner, "every other run fails naming the run holding the lease");
    }
  }
}
