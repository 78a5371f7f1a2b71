package io.consentmetrics.metrics.read;

import io.consentmetrics.spark.TaskInputMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * The lines of a task's splits, in order, each turned into a row by a {@link LineParser} straight
 * from the reader's buffer; a file that cannot be read fails naming it.
 */
public final class InputLines implements Iterator<InternalRow> {

  /**
   * Turns one line into a row; the buffer is the reader's and is reused for the next line. {@code
   * lineNumber} counts from 1 at the start of the file, or is 0 when unknown: a split that starts in
   * the middle of a file does not know how many lines came before it.
   */
  @FunctionalInterface
  interface LineParser extends Serializable {
    /** {@code tooLong}: the line is longer than the limit, and {@code line} holds only its start. */
    InternalRow row(byte[] line, int length, String file, String datehour, long lineNumber, boolean tooLong);
  }

  /**
   * The Hadoop setting that carries the job's {@code max-line-bytes} to the tasks (set by {@code
   * SparkSessions}); lines longer than it are rejected as {@code line_too_long}, never held whole.
   */
  public static final String MAX_LINE_BYTES = "consent-metrics.max-line-bytes";

  /** How much of a line longer than the limit is kept, for rejected/: enough to see what the file is. */
  static final int KEPT_OF_A_LONG_LINE = 4 << 10;

  private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  /**
   * At most this many bytes are asked of the file system per read. Hadoop's default ({@code
   * io.file.buffer.size}, 4 KB) makes a read call per 4 KB, 250,000 per GB on a local disk. A
   * small file gets a buffer of its size.
   */
  private static final int READ_BUFFER = 256 << 10;

  private static final int MIN_READ_BUFFER = 4 << 10;

  private final Iterator<InputSplits.Split> splits;
  private final Configuration hadoop;
  private final CompressionCodecFactory codecs;
  private final LineParser parser;
  /** The task's input metrics (the Spark UI's Input column and the event log), when run in a task. */
  private final TaskInputMetrics metrics;
  private final Map<String, FileSystem> fileSystems = new HashMap<>();
  private InputSplits.Split split;
  private final long maxLineBytes;
  private LineSource reader;
  private final Text text = new Text();
  private InternalRow next;
  /** Lines of the current split so far; the line number when the split starts the file. */
  private long linesInSplit;

  InputLines(List<InputSplits.Split> splits, Configuration hadoop, LineParser parser) {
    this.splits = splits.iterator();
    this.hadoop = hadoop;
    this.parser = parser;
    this.metrics = TaskInputMetrics.ofCurrentTask();
    this.codecs = new CompressionCodecFactory(hadoop);
    this.maxLineBytes = hadoop.getLong(MAX_LINE_BYTES, -1);
    if (maxLineBytes < 1) {
      throw new IllegalStateException(MAX_LINE_BYTES + " is not set: the session was not set up by SparkSessions");
    }
  }

  @Override
  public boolean hasNext() {
    while (next == null) {
      try {
        if (reader == null) {
          if (!splits.hasNext()) {
            return false;
          }
          open(splits.next());
        }
        if (reader.next(text)) {
          if (reader.lineStart() == 0) {
            skipUtf8ByteOrderMark(text);
            refuseUtf16(text);
          }
          linesInSplit++;
          long lineNumber = split.start() == 0 ? linesInSplit : 0;
          boolean tooLong = text.getLength() > maxLineBytes;
          int length = tooLong ? Math.min(text.getLength(), KEPT_OF_A_LONG_LINE) : text.getLength();
          next = parser.row(text.getBytes(), length, split.file().uri(), split.file().datehour(), lineNumber, tooLong);
          count(1, 0);
        } else {
          reader.close();
          reader = null;
          count(0, split.length() >= 0 ? split.length() : split.file().length());
        }
      } catch (IOException | RuntimeException e) {
        throw new UnreadableInputException(split.file().path().toString(), e);
      }
    }
    return true;
  }

  /** A UTF-8 byte order mark at the start of a file is not part of its first line (SPEC rule 1). */
  private static void skipUtf8ByteOrderMark(Text firstLine) {
    byte[] b = firstLine.getBytes();
    if (firstLine.getLength() >= UTF8_BOM.length && b[0] == UTF8_BOM[0] && b[1] == UTF8_BOM[1] && b[2] == UTF8_BOM[2]) {
      firstLine.set(Arrays.copyOfRange(b, UTF8_BOM.length, firstLine.getLength()));
    }
  }

  /**
   * A file that starts with a UTF-16 byte order mark ({@code FF FE} or {@code FE FF}) is UTF-16 text
   * throughout, which no line of it survives as UTF-8: judged line by line, its first line (read up
   * to the first 0x0A byte, half a character) would count and the rest be rejected one by one. Such
   * a file fails the run as one unit instead, like a file that cannot be decompressed.
   */
  private static void refuseUtf16(Text firstLine) throws IOException {
    byte[] b = firstLine.getBytes();
    if (firstLine.getLength() >= 2 && ((b[0] == (byte) 0xFF && b[1] == (byte) 0xFE) || (b[0] == (byte) 0xFE && b[1] == (byte) 0xFF))) {
      throw new IOException(String.format("the file is UTF-16 (byte order mark %02X %02X), not UTF-8", b[0], b[1]));
    }
  }

  /** Reports what was read as Spark's own file sources do, for the Spark UI and the event log. */
  private void count(long records, long bytes) {
    metrics.add(records, bytes);
  }

  /**
   * Files are opened with the task's one file system and codec lookup: small files are common (a
   * sink writing every few seconds), and Hadoop's split reader sets both up again for every file. A
   * part of a large plain file starts at the first whole line of its part ({@link LineSource}).
   */
  private void open(InputSplits.Split s) throws IOException {
    split = s;
    linesInSplit = 0;
    Path path = s.file().path();
    int buffer = (int) Math.max(MIN_READ_BUFFER, Math.min(READ_BUFFER, s.file().length()));
    // Held: one byte past the limit tells a line over it; three more for a leading byte order mark.
    int held = (int) Math.min(Integer.MAX_VALUE - 8, maxLineBytes + 1 + UTF8_BOM.length);
    FSDataInputStream file = fileSystem(path).open(path, buffer);
    if (s.length() >= 0) {
      try {
        reader = LineSource.part(file, hadoop, s.start(), s.length(), held);
      } catch (IOException | RuntimeException e) {
        file.close();
        throw e;
      }
      return;
    }
    InputStream in = file;
    CompressionCodec codec = codecs.getCodec(path);
    if (codec != null) {
      try {
        in = codec.createInputStream(in);
      } catch (IOException | RuntimeException e) {
        in.close();
        throw e;
      }
    }
    reader = LineSource.whole(in, hadoop, held);
  }

  private FileSystem fileSystem(Path path) throws IOException {
    String scheme = path.toUri().getScheme();
    FileSystem fs = fileSystems.get(scheme);
    if (fs == null) {
      fs = path.getFileSystem(hadoop);
      fileSystems.put(scheme, fs);
    }
    return fs;
  }

  /**
   * The Hadoop settings the reader opens files with: on local disks the raw file system, which
   * neither looks for nor trips over {@code .crc} side files (Hadoop cannot even name the side file
   * of {@code 10:00:00.json}). Uncached, since the cache would hand back the checksumming one.
   */
  static Configuration readerConfiguration(Configuration session) {
    Configuration conf = new Configuration(session);
    conf.set("fs.file.impl", RawLocalFileSystem.class.getName());
    conf.setBoolean("fs.file.impl.disable.cache", true);
    return conf;
  }

  @Override
  public InternalRow next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    InternalRow row = next;
    next = null;
    return row;
  }

  /** An input file that cannot be read to its end (truncated gzip, unsupported codec, gone...). */
  public static final class UnreadableInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public static final String PREFIX = "cannot read input file ";

    /** The one line naming the file, from a task failure: Spark reports it in the job-abort message. */
    public static Optional<String> foundIn(Throwable e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        String message = String.valueOf(t.getMessage());
        int at = message.indexOf(PREFIX);
        if (at >= 0) {
          return Optional.of(message.substring(at).lines().findFirst().orElse(PREFIX));
        }
      }
      return Optional.empty();
    }

    UnreadableInputException(String file, Throwable cause) {
      super(PREFIX + file + ": " + reason(cause));
    }

    private static String reason(Throwable e) {
      Throwable t = e instanceof UncheckedIOException ? e.getCause() : e;
      String message = t.getMessage();
      return message == null || message.isBlank() ? t.getClass().getSimpleName() : message.lines().findFirst().orElse("");
    }
  }
}
