package io.consentmetrics.storage;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;

/**
 * A Hadoop configuration that travels to the executors (in a broadcast), so that tasks reach the
 * input with the driver's settings. Hadoop's {@code Configuration} is {@code Writable}, not {@code
 * Serializable}; Spark's own wrapper of it is internal to Spark, so this is ours.
 */
public final class ShippedConfiguration implements Serializable {
  private static final long serialVersionUID = 1L;
  private transient Configuration value;

  public ShippedConfiguration(Configuration value) {
    this.value = value;
  }

  public Configuration value() {
    return value;
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    value.write(out);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    value = new Configuration(false);
    value.readFields(in);
  }
}
