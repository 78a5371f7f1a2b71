package io.consentmetrics.metrics.read;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.util.LineReader;

/**
 * The LF-separated lines of a whole file or of a part of a plain file, each held to a bounded
 * number of bytes: a longer line is read to its end, so the next line starts where it should, but
 * only its start is kept. Hadoop's record reader holds a line whole (a 1 GB line, or a file with no
 * line end, is then an {@code OutOfMemoryError}) or, given a maximum, skips it without a word; the
 * job's line limit needs both the line's start and the fact that it was longer.
 *
 * <p>A part that starts inside a file begins after the first LF at or after the byte before its
 * start, and reads every line that starts before its end: each line belongs to exactly one part,
 * whichever way the file is cut.
 */
final class LineSource implements Closeable {
  /** JSON Lines are separated by LF only: a CR before it is JSON whitespace, not a second line end. */
  private static final byte[] LF = {'\n'};

  private final LineReader reader;
  private final long end;
  private final int held;
  private long position;
  private long lineStart = -1;

  private LineSource(InputStream in, Configuration hadoop, long start, long end, int held) throws IOException {
    this.reader = new LineReader(in, hadoop, LF);
    this.position = start;
    this.end = end;
    this.held = held;
  }

  /** Every line of a stream (a whole file, decompressed if need be), each held to {@code held} bytes. */
  static LineSource whole(InputStream in, Configuration hadoop, int held) throws IOException {
    return new LineSource(in, hadoop, 0, Long.MAX_VALUE, held);
  }

  /** The lines that start in {@code [start, start + length)} of a plain file, each held to {@code held} bytes. */
  static LineSource part(FSDataInputStream in, Configuration hadoop, long start, long length, int held)
      throws IOException {
    if (start == 0) {
      return new LineSource(in, hadoop, 0, length, held);
    }
    in.seek(start - 1);
    LineSource source = new LineSource(in, hadoop, start - 1, start + length, held);
    // The line that ends at or after start - 1 belongs to the part before (or, when start - 1 is
    // itself an LF, ends there): skip it, keeping none of its bytes.
    source.position += source.reader.readLine(new Text(), 0, Integer.MAX_VALUE);
    return source;
  }

  /**
   * Reads the next line into {@code text} (at most {@code held} bytes of it, without the LF); false
   * at the end. A line of more than 2 GiB fails with Hadoop's IOException, naming its length.
   */
  boolean next(Text text) throws IOException {
    if (position >= end) {
      return false;
    }
    int consumed = reader.readLine(text, held, Integer.MAX_VALUE);
    if (consumed == 0) {
      return false;
    }
    lineStart = position;
    position += consumed;
    return true;
  }

  /** Where the line last read starts, in bytes of the (decompressed) file. */
  long lineStart() {
    return lineStart;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
