package io.consentmetrics.spark;

import io.consentmetrics.metrics.rules.Dedup;
import io.consentmetrics.metrics.rules.ShufflePartitions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.memory.MemoryConsumer;
import org.apache.spark.memory.TaskMemoryManager;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.JoinedRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.unsafe.memory.MemoryBlock;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.util.TaskCompletionListener;

/**
 * The best copy of each id of one partition, and how many copies it had: the state of {@link
 * Dedup}. The kept rows are stored as their bytes in large pages, found through an open-addressing
 * table of primitive arrays, so that a partition's hundred thousand events are a few dozen objects
 * for the garbage collector rather than half a million (a hash map of copied rows spent a quarter of
 * the deduplication stage in collector pauses; docs/performance.md).
 *
 * <p>The pages come from the task's memory manager, as an aggregation's do: they count against
 * Spark's execution memory, and the pages of a finished partition are handed to the next one rather
 * than left to the collector. They are given back when the task ends ({@link #free}), as Spark's own
 * sorters do. There is nothing to spill: a partition too large for the memory fails its task with
 * Spark's out-of-memory error ({@link ShufflePartitions} sizes them at about 50 MB).
 *
 * <p>The kept rows are numbered in the order they were stored, which is their order in the pages,
 * and the table only maps each id to its row's number: the rows are handed on in that order, so
 * that reading them walks the pages from start to end rather than jumping through them in hash
 * order, a cache miss per row.
 *
 * <p>Rows must be in Spark's own binary format ({@link UnsafeRow}), as a shuffle gives them. A row
 * replaced by a better copy of its id stays in its page, unused, until the partition is done.
 *
 * <p>Spark internals: {@code MemoryConsumer}, {@code TaskContext.taskMemoryManager()}, {@code
 * UnsafeRow}, {@code MemoryBlock} (docs/spark-upgrade.md).
 */
public final class FirstCopies {
  private static final int PAGE_BYTES = 1 << 20;
  private static final int FIRST_CAPACITY = 1 << 12;

  private final int fields;
  private final int id;
  private final Comparator<InternalRow> order;
  private final TaskPages memory;
  private final List<MemoryBlock> pages = new ArrayList<>();
  private MemoryBlock page;
  private int pageUsed;
  /** Per slot of the table: the number of its id's kept row, or -1 when the slot is free. */
  private int[] slots;
  /** Per slot: its id's hash, so that the table grows without reading any row. */
  private int[] hashes;
  /** Per stored row, by number: where it is (page index in the high half, offset in the low). */
  private long[] locations;
  private int[] sizes;
  /** Per stored row: the copies of its id read so far; 0 once a better copy replaced it. */
  private long[] copies;
  private int ids;
  private int rows;
  /** A view of a stored row, pointed at each candidate in turn. */
  private final UnsafeRow stored;

  /**
   * The first copy of each id among the rows of one partition, as a hash exchange on the id gives
   * them: always in Spark's binary format ({@link UnsafeRow}), in one reused buffer. The store's
   * pages are given back when the task ends.
   */
  public static Iterator<InternalRow> ofPartition(
      Iterator<InternalRow> rows, int fields, int id, Comparator<InternalRow> order) {
    TaskContext task = TaskContext.get();
    FirstCopies firsts = new FirstCopies(task.taskMemoryManager(), fields, id, order);
    task.addTaskCompletionListener((TaskCompletionListener) done -> firsts.free());
    while (rows.hasNext()) {
      firsts.offer((UnsafeRow) rows.next());
    }
    return firsts.rows();
  }

  FirstCopies(TaskMemoryManager memory, int fields, int id, Comparator<InternalRow> order) {
    this.memory = new TaskPages(memory, PAGE_BYTES);
    this.fields = fields;
    this.id = id;
    this.order = order;
    this.stored = new UnsafeRow(fields);
    slots = emptyTable(FIRST_CAPACITY);
    hashes = new int[FIRST_CAPACITY];
    locations = new long[FIRST_CAPACITY];
    sizes = new int[FIRST_CAPACITY];
    copies = new long[FIRST_CAPACITY];
  }

  /** Counts a copy of its id, and keeps it when it comes before the best copy seen so far. */
  void offer(UnsafeRow row) {
    UTF8String key = row.getUTF8String(id);
    int hash = key.hashCode();
    int mask = slots.length - 1;
    for (int slot = spread(hash) & mask; ; slot = (slot + 1) & mask) {
      int kept = slots[slot];
      if (kept < 0) {
        hashes[slot] = hash;
        slots[slot] = store(row, 1);
        if (++ids > slots.length / 2) {
          grow();
        }
        return;
      }
      if (hashes[slot] == hash && view(kept).getUTF8String(id).equals(key)) {
        copies[kept]++;
        if (order.compare(row, stored) < 0) {
          slots[slot] = store(row, copies[kept]);
          copies[kept] = 0;
        }
        return;
      }
    }
  }

  /**
   * Each id's best copy with its count of copies appended, in the order the rows were stored; they
   * are valid until {@link #free}.
   */
  Iterator<InternalRow> rows() {
    return new Iterator<>() {
      private int next = live(0);

      private int live(int from) {
        int r = from;
        while (r < rows && copies[r] == 0) {
          r++;
        }
        return r;
      }

      @Override
      public boolean hasNext() {
        return next < rows;
      }

      @Override
      public InternalRow next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        UnsafeRow row = new UnsafeRow(fields);
        point(row, next);
        InternalRow withCopies = new JoinedRow(row, new GenericInternalRow(new Object[] {copies[next]}));
        next = live(next + 1);
        return withCopies;
      }
    };
  }

  /**
   * The shuffle placed this partition's ids by the same hash ({@link UTF8String#hashCode} is
   * Murmur3 with Spark's seed), so its low bits are mixed before they choose a slot.
   */
  private static int spread(int hash) {
    int h = hash * 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  private UnsafeRow view(int kept) {
    point(stored, kept);
    return stored;
  }

  private void point(UnsafeRow row, int kept) {
    long location = locations[kept];
    MemoryBlock block = pages.get((int) (location >>> 32));
    row.pointTo(block.getBaseObject(), block.getBaseOffset() + (int) location, sizes[kept]);
  }

  /** Gives the pages back to the task's memory manager; the rows read are no longer valid. */
  void free() {
    pages.forEach(memory::free);
    pages.clear();
    page = null;
  }

  /** Copies {@code row} into the pages as the next stored row, and returns its number. */
  private int store(UnsafeRow row, long copiesSoFar) {
    int bytes = row.getSizeInBytes();
    if (page == null || pageUsed + bytes > page.size()) {
      page = memory.allocate(Math.max(PAGE_BYTES, bytes));
      pages.add(page);
      pageUsed = 0;
    }
    row.writeToMemory(page.getBaseObject(), page.getBaseOffset() + pageUsed);
    if (rows == locations.length) {
      locations = Arrays.copyOf(locations, rows * 2);
      sizes = Arrays.copyOf(sizes, rows * 2);
      copies = Arrays.copyOf(copies, rows * 2);
    }
    locations[rows] = ((long) (pages.size() - 1) << 32) | pageUsed;
    sizes[rows] = bytes;
    copies[rows] = copiesSoFar;
    pageUsed += bytes;
    return rows++;
  }

  private static int[] emptyTable(int capacity) {
    int[] table = new int[capacity];
    Arrays.fill(table, -1);
    return table;
  }

  /** Doubles the table; the stored hashes place each id without reading its row. */
  private void grow() {
    int[] oldSlots = slots;
    int[] oldHashes = hashes;
    slots = emptyTable(oldSlots.length * 2);
    hashes = new int[slots.length];
    int mask = slots.length - 1;
    for (int old = 0; old < oldSlots.length; old++) {
      if (oldSlots[old] >= 0) {
        int slot = spread(oldHashes[old]) & mask;
        while (slots[slot] >= 0) {
          slot = (slot + 1) & mask;
        }
        slots[slot] = oldSlots[old];
        hashes[slot] = oldHashes[old];
      }
    }
  }
}
