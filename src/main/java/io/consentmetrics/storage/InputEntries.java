package io.consentmetrics.storage;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * On a local disk, the first entry of an input folder that the run could not read as a file of
 * lines, as the one line that fails the run. Hadoop's listing cannot tell: it leaves out links that
 * point nowhere and names that are not UTF-8 without a word, and lists a FIFO, a socket or a device
 * as a file, whose reading then hangs (a FIFO) or never ends ({@code /dev/zero}). The JDK's walk sees
 * each entry as it is. Hidden entries (names starting with _ or .) are not read, so not checked.
 */
final class InputEntries extends SimpleFileVisitor<Path> {
  private final Path top;
  private String problem;

  private InputEntries(Path top) {
    this.top = top;
  }

  /** The first problem under {@code top} (itself included when it is not a folder), if any. */
  static Optional<String> firstProblemUnder(Path top) throws IOException {
    InputEntries walk = new InputEntries(top);
    Files.walkFileTree(top, walk);
    return Optional.ofNullable(walk.problem);
  }

  @Override
  public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
    if (!dir.equals(top) && FileListing.isHiddenName(dir.getFileName().toString())) {
      return FileVisitResult.SKIP_SUBTREE;
    }
    return found(undecodable(dir));
  }

  @Override
  public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
    if (!file.equals(top) && FileListing.isHiddenName(file.getFileName().toString())) {
      return FileVisitResult.CONTINUE;
    }
    Optional<String> found = undecodable(file);
    if (found.isEmpty() && attributes.isSymbolicLink() && !Files.exists(file)) {
      found = Optional.of("input file is a link to nothing: " + file);
    } else if (found.isEmpty() && !Files.isRegularFile(file) && !Files.isDirectory(file)) {
      found = Optional.of("input file is not a regular file (a FIFO, socket or device, or a link to one): " + file);
    }
    return found(found);
  }

  private FileVisitResult found(Optional<String> found) {
    problem = found.orElse(null);
    return found.isPresent() ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
  }

  /**
   * A name that is not valid UTF-8, as a URI (its bad bytes percent-escaped). The JVM decodes names
   * as UTF-8 and turns a bad byte into U+FFFD, so the decoded text no longer names the same bytes:
   * Hadoop's listing then cannot stat the name and would leave the file, or a whole {@code
   * datehour=} folder, out.
   */
  private static Optional<String> undecodable(Path p) {
    return Path.of(p.toString()).equals(p)
        ? Optional.empty()
        : Optional.of("input file or folder name is not valid UTF-8 (bad bytes shown %-escaped): " + p.toUri());
  }
}
