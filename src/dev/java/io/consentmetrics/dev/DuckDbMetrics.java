package io.consentmetrics.dev;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * The benchmark's reference: the same metrics, with the same rules, computed by DuckDB from the
 * same files, written as one CSV. Usage: {@code DuckDbMetrics INPUT_DIR OUTPUT_CSV [THREADS]}.
 */
public final class DuckDbMetrics {
  private DuckDbMetrics() {}

  /**
   * Rules as in the job: lines that are not JSON objects are skipped by the reader (the benchmark
   * data has none), no id → dropped, first delivery per id by (folder, datetime), exact types,
   * consent = purposes.enabled is a non-empty array inside a valid token.
   */
  static String query(String input) {
    return """
        WITH raw AS (
          SELECT * FROM read_json('%s/datehour=*/*.json*',
            format = 'newline_delimited', hive_partitioning = true, hive_types = {'datehour': VARCHAR},
            columns = {id: 'VARCHAR', datetime: 'VARCHAR', type: 'VARCHAR', domain: 'VARCHAR',
                       "user": 'STRUCT(id VARCHAR, country VARCHAR, token VARCHAR)'},
            ignore_errors = true)
        ),
        firsts AS (
          SELECT arg_min({'datehour': datehour, 'type': type, 'domain': domain,
                          'country': "user".country, 'user_id': "user".id, 'token': "user".token},
                         (datehour, datetime)) AS e
          FROM raw WHERE id IS NOT NULL AND id <> '' GROUP BY id
        ),
        events AS (
          SELECT e.datehour AS datehour, e.domain AS domain, e.country AS country, e.type AS type,
                 e.user_id AS user_id,
                 coalesce(json_valid(e.token)
                   AND json_type(e.token, '$.purposes.enabled') = 'ARRAY'
                   AND json_array_length(e.token, '$.purposes.enabled') > 0, false) AS consent
          FROM firsts WHERE e.type IN ('pageview', 'consent.asked', 'consent.given')
        )
        SELECT datehour, domain, country,
          count(*) FILTER (WHERE type = 'pageview') AS pageviews,
          count(*) FILTER (WHERE type = 'pageview' AND consent) AS pageviews_with_consent,
          count(*) FILTER (WHERE type = 'consent.asked') AS consents_asked,
          count(*) FILTER (WHERE type = 'consent.asked' AND consent) AS consents_asked_with_consent,
          count(*) FILTER (WHERE type = 'consent.given') AS consents_given,
          count(*) FILTER (WHERE type = 'consent.given' AND consent) AS consents_given_with_consent,
          CASE WHEN count(DISTINCT user_id) FILTER (WHERE type = 'pageview') > 0
               THEN count(*) FILTER (WHERE type = 'pageview')::DOUBLE
                    / count(DISTINCT user_id) FILTER (WHERE type = 'pageview') END AS avg_pageviews_per_user
        FROM events GROUP BY ALL
        ORDER BY datehour NULLS FIRST, domain NULLS FIRST, country NULLS FIRST
        """.formatted(input);
  }

  public static void main(String[] args) throws Exception {
    Path output = Path.of(args[1]);
    Files.createDirectories(output.toAbsolutePath().getParent());
    String threads = args.length > 2 ? args[2] : "2";
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement sql = db.createStatement()) {
      sql.execute("SET threads = " + Integer.parseInt(threads));
      sql.execute("COPY (" + query(args[0]) + ") TO '" + output.toString().replace("'", "''") + "' (HEADER, DELIMITER ',')");
      try (ResultSet rows = sql.executeQuery("SELECT count(*) FROM read_csv('" + output + "')")) {
        rows.next();
        System.out.println("duckdb: " + rows.getLong(1) + " groups written to " + output);
      }
    }
  }
}
