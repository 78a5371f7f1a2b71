// Loaded by ./interview-challenge.sh spark-shell (Docker: docker/spark/spark-shell; local: the script itself).
// Defines 'spark', a SparkSession configured by the JVM's spark.* system properties, and 'bucket', the root
// of the job's bucket: s3a://interview-challenge in Docker mode, file://.../local-run/bucket in local mode.
import org.apache.spark.sql.*;
import static org.apache.spark.sql.functions.*;
String bucket = System.getProperty("consent.bucket", "s3a://interview-challenge");
SparkSession spark = SparkSession.builder().appName("consent-metrics spark-shell").getOrCreate();
System.out.println("spark: SparkSession " + spark.version() + " (" + spark.sparkContext().master() + "); bucket: " + bucket);
System.out.println("try:  spark.read().option(\"header\", true).csv(bucket + \"/data/metrics/current/\").show()");
