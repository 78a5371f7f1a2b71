package io.consentmetrics.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consentmetrics.metrics.Columns;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Builders for small inline test data: raw lines, event JSON, tokens and expected datasets. */
public final class Fixtures {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static final String CONSENT_TOKEN = token(List.of("analytics"));
  public static final String NO_CONSENT_TOKEN = token(List.of());

  private Fixtures() {}

  /** The schema of raw lines as the input edge produces them. */
  public static final StructType LINES_SCHEMA =
      new StructType()
          .add(Columns.LINE, DataTypes.StringType)
          .add(Columns.SOURCE_FILE, DataTypes.StringType)
          .add(Columns.DATEHOUR, DataTypes.StringType);

  /** A raw line read from the folder of {@code datehour}. */
  public static Row line(String datehour, String text) {
    return RowFactory.create(text, "file:/events/datehour=" + datehour + "/part-0.json", datehour);
  }

  public static Dataset<Row> lines(Row... rows) {
    return dataset(LINES_SCHEMA, rows);
  }

  public static Dataset<Row> dataset(StructType schema, Row... rows) {
    return SharedSpark.session().createDataFrame(Arrays.asList(rows), schema);
  }

  /** An event line; null arguments leave the field out. */
  public static String event(
      String id, String datetime, String type, String domain, String userId, String country, String token) {
    Map<String, Object> user = new LinkedHashMap<>();
    putIfNotNull(user, Columns.ID, userId);
    putIfNotNull(user, Columns.COUNTRY, country);
    putIfNotNull(user, Columns.TOKEN, token);
    Map<String, Object> event = new LinkedHashMap<>();
    putIfNotNull(event, Columns.ID, id);
    putIfNotNull(event, Columns.DATETIME, datetime);
    putIfNotNull(event, Columns.TYPE, type);
    putIfNotNull(event, Columns.DOMAIN, domain);
    event.put(Columns.USER, user);
    return toJson(event);
  }

  /** A consent token whose purposes.enabled holds {@code enabledPurposes}. */
  public static String token(List<String> enabledPurposes) {
    Map<String, Object> purposes = new LinkedHashMap<>();
    purposes.put("enabled", enabledPurposes);
    purposes.put("disabled", List.of());
    return toJson(Map.of("purposes", purposes));
  }

  private static void putIfNotNull(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  private static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
