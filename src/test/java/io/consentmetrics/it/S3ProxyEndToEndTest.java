package io.consentmetrics.it;

import io.consentmetrics.testing.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The end-to-end scenario against S3Proxy, started in the test JVM on 127.0.0.1. */
class S3ProxyEndToEndTest extends MetricsJobEndToEndTest {
  private static S3ProxyServer server;

  @BeforeAll
  static void startServer() {
    server = S3ProxyServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Override
  protected String endpoint() {
    return server.endpoint();
  }

  @Override
  protected String accessKey() {
    return S3ProxyServer.ACCESS_KEY;
  }

  @Override
  protected String secretKey() {
    return S3ProxyServer.SECRET_KEY;
  }

  @Override
  protected void createBucket(String bucket) {
    server.createBucket(bucket);
  }

  @Override
  protected String bucket() {
    return "e2e-s3proxy";
  }
}
