package io.consentmetrics.spark;

import org.apache.spark.TaskContext;
import org.apache.spark.executor.InputMetrics;

/**
 * What a task read, reported as Spark's own file sources report it, so that the Spark UI and the
 * event log show the input scanned. Spark internal: the {@code InputMetrics} setters are {@code
 * private[spark]} (docs/spark-upgrade.md).
 */
public final class TaskInputMetrics {
  private final InputMetrics metrics;

  private TaskInputMetrics(InputMetrics metrics) {
    this.metrics = metrics;
  }

  /** The metrics of the task running on this thread; reports nothing outside a task. */
  public static TaskInputMetrics ofCurrentTask() {
    TaskContext task = TaskContext.get();
    return new TaskInputMetrics(task == null ? null : task.taskMetrics().inputMetrics());
  }

  /** Adds {@code records} lines and {@code bytes} bytes to what the task read. */
  public void add(long records, long bytes) {
    if (metrics != null) {
      metrics.incRecordsRead(records);
      metrics.incBytesRead(bytes);
    }
  }
}
