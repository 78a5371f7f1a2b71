package io.consentmetrics.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real browser for tests: Debian's Chromium, headless, with a fresh profile and no network at
 * all (every host name resolves to nothing and every connection goes to a closed proxy port), so a
 * page that needs the network shows it by failing.
 */
public final class HeadlessChromium {
  private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");
  private static final long TIMEOUT_SECONDS = 120;

  private final Path binary;

  private HeadlessChromium(Path binary) {
    this.binary = binary;
  }

  /** The first Chromium on the PATH, if any. */
  public static Optional<HeadlessChromium> find() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : NAMES) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(new HeadlessChromium(candidate));
        }
      }
    }
    return Optional.empty();
  }

  /** The DOM of {@code page} after its scripts ran (and timers, up to a few seconds of virtual time). */
  public String dumpDom(Path page) {
    return run(page, "--dump-dom");
  }

  /** A PNG screenshot of {@code page}, {@code width} by {@code height} pixels. */
  public void screenshot(Path page, Path png, int width, int height) {
    run(page, "--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
        "--hide-scrollbars");
  }

  private String run(Path page, String... action) {
    Path profile = null;
    try {
      profile = Files.createTempDirectory("chromium-profile");
      List<String> command = new ArrayList<>(List.of(
          binary.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
          "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--disable-extensions", "--no-first-run", "--no-default-browser-check",
          "--user-data-dir=" + profile,
          "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
          "--virtual-time-budget=5000"));
      command.addAll(List.of(action));
      command.add(page.toUri().toString());
      Path stdout = profile.resolve("stdout.txt");
      Path stderr = profile.resolve("stderr.txt");
      Process process = new ProcessBuilder(command)
          .redirectOutput(stdout.toFile())
          .redirectError(stderr.toFile())
          .start();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("Chromium did not finish within " + TIMEOUT_SECONDS + " s");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException("Chromium exited with " + process.exitValue() + ": "
            + Files.readString(stderr, StandardCharsets.UTF_8));
      }
      return Files.readString(stdout, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      deleteQuietly(profile);
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (var files = Files.walk(dir)) {
      files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temp profile is harmless
    }
  }
}
