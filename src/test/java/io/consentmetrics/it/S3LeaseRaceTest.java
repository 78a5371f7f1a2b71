package io.consentmetrics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consentmetrics.common.OutputLease;
import io.consentmetrics.common.Storage;
import io.consentmetrics.testing.S3ProxyServer;
import java.net.URI;
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
 * 3.3), so runs starting in the same instant can race. This measures how often several runs
 * acquiring at once all fail or more than one gets through; a second run that starts once the
 * first holds the lease is always refused.
 */
class S3LeaseRaceTest {
  private static final int ROUNDS = 20;
  private static final int RUNS = 4;

  @Test
  void aRunStartingWhileAnotherHoldsTheLeaseIsRefusedAndSimultaneousStartsAreMeasured() throws Exception {
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
      try (OutputLease first = OutputLease.acquire(storage, held, "20210123T100000.000Z-0001", Instant.now(), Duration.ofHours(1))) {
        RuntimeException refused = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
            () -> OutputLease.acquire(storage, held, "20210123T100000.000Z-0002", Instant.now(), Duration.ofHours(1)));
        assertTrue(refused.getMessage().contains("is in use by run 20210123T100000.000Z-0001"), refused.getMessage());
      }

      int[] winnersPerRound = new int[ROUNDS];
      ExecutorService pool = Executors.newFixedThreadPool(RUNS);
      try {
        for (int round = 0; round < ROUNDS; round++) {
          String root = "s3a://" + bucket + "/race-" + round;
          CountDownLatch start = new CountDownLatch(1);
          List<Future<OutputLease>> attempts = new ArrayList<>();
          for (int i = 0; i < RUNS; i++) {
            String runId = String.format("20210123T100000.000Z-%04x", i);
            attempts.add(pool.submit(() -> {
              start.await();
              try {
                return OutputLease.acquire(storage, root, runId, Instant.now(), Duration.ofHours(1));
              } catch (RuntimeException e) {
                return null;
              }
            }));
          }
          start.countDown();
          for (Future<OutputLease> attempt : attempts) {
            if (attempt.get() != null) {
              winnersPerRound[round]++;
            }
          }
        }
      } finally {
        pool.shutdownNow();
      }
      int exactlyOne = 0;
      int none = 0;
      int several = 0;
      for (int w : winnersPerRound) {
        exactlyOne += w == 1 ? 1 : 0;
        none += w == 0 ? 1 : 0;
        several += w > 1 ? 1 : 0;
      }
      System.out.println("S3 lease race over " + ROUNDS + " rounds of " + RUNS + " simultaneous runs: exactly one winner "
          + exactlyOne + ", none " + none + ", several " + several);
      assertEquals(ROUNDS, exactlyOne + none + several);
    }
  }
}
