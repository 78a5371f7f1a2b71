package io.consentmetrics.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.SparkConf;
import org.apache.spark.memory.TaskMemoryManager;
import org.apache.spark.memory.UnifiedMemoryManager;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The deduplication's store, beyond what {@link DedupTest}'s few rows reach: a table that grows,
 * ids whose hashes are equal, and a row larger than a page. Rows are (id, rank, payload); the lower
 * rank is the better copy.
 */
class FirstCopiesTest {
  private static final StructType ROWS =
      new StructType()
          .add("id", DataTypes.StringType)
          .add("rank", DataTypes.IntegerType)
          .add("payload", DataTypes.StringType);
  private static final Comparator<InternalRow> LOWER_RANK = Comparator.comparingInt(r -> r.getInt(1));

  private final TaskMemoryManager memory =
      new TaskMemoryManager(UnifiedMemoryManager.apply(new SparkConf(), 1), 0);
  private final FirstCopies copies = new FirstCopies(memory, ROWS.size(), 0, LOWER_RANK);
  private final UnsafeProjection binary = UnsafeProjection.create(ROWS);

  @AfterEach
  void pagesAreAllGivenBack() {
    copies.free();
    assertEquals(0, memory.cleanUpAllAllocatedMemory(), "bytes still allocated after free()");
  }

  private void offer(String id, int rank, String payload) {
    offer(copies, id, rank, payload);
  }

  /** Offers a row as the shuffle does: the projection's one reused buffer. */
  private void offer(FirstCopies store, String id, int rank, String payload) {
    store.offer(binary.apply(new GenericInternalRow(
        new Object[] {UTF8String.fromString(id), rank, UTF8String.fromString(payload)})));
  }

  private Map<String, String> kept() {
    return kept(copies);
  }

  /** Each id kept, as "rank payload copies". */
  private static Map<String, String> kept(FirstCopies store) {
    Map<String, String> kept = new TreeMap<>();
    for (Iterator<InternalRow> rows = store.rows(); rows.hasNext(); ) {
      InternalRow row = rows.next();
      String previous = kept.put(row.getUTF8String(0).toString(),
          row.getInt(1) + " " + row.getUTF8String(2) + " " + row.getLong(3));
      assertEquals(null, previous, "an id came out twice");
    }
    return kept;
  }

  @Test
  void everyIdSurvivesTheTableGrowingWithItsBestCopyAndCount() {
    int ids = 20_000; // the table starts with room for 2,048 ids and doubles
    for (int i = 0; i < ids; i++) {
      offer("id-" + i, 5, "first-" + i);
      if (i % 3 == 0) {
        offer("id-" + i, 2, "better-" + i);
      }
    }
    for (int i = 0; i < ids; i += 7) {
      offer("id-" + i, 9, "worse-" + i); // after the growth, so found again in the grown table
    }
    Map<String, String> kept = kept();
    assertEquals(ids, kept.size());
    for (int i = 0; i < ids; i++) {
      int expectedCopies = 1 + (i % 3 == 0 ? 1 : 0) + (i % 7 == 0 ? 1 : 0);
      String best = i % 3 == 0 ? "2 better-" + i : "5 first-" + i;
      assertEquals(best + " " + expectedCopies, kept.get("id-" + i), "id-" + i);
    }
  }

  @Test
  void pagesOffTheHeapHoldTheSameRows() {
    TaskMemoryManager offHeap = new TaskMemoryManager(UnifiedMemoryManager.apply(
        new SparkConf().set("spark.memory.offHeap.enabled", "true").set("spark.memory.offHeap.size", "64m"), 1), 0);
    FirstCopies store = new FirstCopies(offHeap, ROWS.size(), 0, LOWER_RANK);
    for (int i = 0; i < 5_000; i++) {
      offer(store, "id-" + (i % 2_500), i, "p" + i);
    }
    Map<String, String> kept = kept(store);
    store.free();
    assertEquals(0, offHeap.cleanUpAllAllocatedMemory());
    assertEquals(2_500, kept.size());
    assertEquals("7 p7 2", kept.get("id-7")); // copies 7 and 2,507: the lower rank is kept
  }

  @Test
  void idsWithTheSameHashStayApart() {
    assertEquals(UTF8String.fromString("id-29305").hashCode(), UTF8String.fromString("id-83124").hashCode());
    offer("id-29305", 1, "a");
    offer("id-83124", 2, "b");
    offer("id-29305", 3, "a-again");
    assertEquals(Map.of("id-29305", "1 a 2", "id-83124", "2 b 1"), kept());
  }

  @Test
  void aRowLargerThanAPageIsKeptWhole() {
    String large = "x".repeat(3 << 20);
    offer("small-before", 1, "s");
    offer("large", 1, large);
    offer("small-after", 1, "t");
    Map<String, String> kept = kept();
    assertEquals("1 " + large + " 1", kept.get("large"));
    assertEquals("1 s 1", kept.get("small-before"));
    assertEquals("1 t 1", kept.get("small-after"));
  }

  @Test
  void aBetterCopyReplacesTheKeptOneAndAWorseOneOnlyCounts() {
    offer("e1", 5, "middle");
    offer("e1", 9, "worst");
    offer("e1", 1, "best");
    offer("e1", 3, "second");
    assertEquals(Map.of("e1", "1 best 4"), kept());
  }
}
