package io.consentmetrics.spark;

import org.apache.spark.memory.MemoryConsumer;
import org.apache.spark.memory.TaskMemoryManager;
import org.apache.spark.unsafe.memory.MemoryBlock;

/**
 * The task's memory, as the dedup store ({@link FirstCopies}) sees it: pages in, pages out, nothing
 * to spill. On the heap or off it, as the cluster's Tungsten memory is ({@code
 * spark.memory.offHeap.enabled}): a page is read and written through its base object and offset,
 * which covers both.
 */
final class TaskPages extends MemoryConsumer {
  TaskPages(TaskMemoryManager memory, long pageBytes) {
    super(memory, pageBytes, memory.getTungstenMemoryMode());
  }

  MemoryBlock allocate(long bytes) {
    return allocatePage(bytes);
  }

  void free(MemoryBlock block) {
    freePage(block);
  }

  @Override
  public long spill(long size, MemoryConsumer trigger) {
    return 0; // every kept row is needed until the partition's last copy has been seen
  }
}
