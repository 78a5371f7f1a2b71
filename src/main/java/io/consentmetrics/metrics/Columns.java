package io.consentmetrics.metrics;

import io.consentmetrics.metrics.rules.Consent;
import io.consentmetrics.metrics.rules.RejectReason;

/** Every column and input field name the job uses, in one place. */
public final class Columns {
  private Columns() {}

  // Raw lines, as read.
  public static final String LINE = "line";
  public static final String SOURCE_FILE = "source_file";
  /** A line's number in its file, from 1; known for rejected lines as rejected/ shows them. */
  public static final String LINE_NUMBER = "line_number";
  public static final String DATEHOUR = "datehour";
  /** The first instant of the {@link #DATEHOUR} folder's hour (UTC), worked out once per folder. */
  public static final String FOLDER_START = "folder_start";

  // Fields of an event line (top level, and inside "user").
  public static final String ID = "id";
  public static final String DATETIME = "datetime";
  public static final String TYPE = "type";
  public static final String DOMAIN = "domain";
  public static final String USER = "user";
  public static final String COUNTRY = "country";
  public static final String TOKEN = "token";

  // Columns the pipeline adds.
  public static final String USER_ID = "user_id";
  /** The event's {@code datetime} as an instant; null when missing or unreadable. */
  public static final String EVENT_TIME = "event_time";
  public static final String HAS_INVALID_DATETIME = "has_invalid_datetime";
  /** A {@link Consent.TokenStatus} name, decided while the line is parsed. */
  public static final String TOKEN_STATUS = "token_status";
  /** A {@link RejectReason} label; null for a line that goes on. */
  public static final String REJECT_REASON = "reject_reason";
  /** How many copies of the event's id the run read (1 when it was delivered once). */
  public static final String COPIES = "copies";
  /**
   * Whether a copy of the id in this folder is the one kept (R3): the dedup index's flag per (id,
   * datehour). False when the id's copies here are duplicates of a copy in an earlier folder.
   */
  public static final String KEPT = "kept";
  /** The id and its folder in one string: the dedup's key when an id may be kept in several folders. */
  public static final String ID_IN_FOLDER = "id_in_folder";
  public static final String HAS_CONSENT = "has_consent";
  public static final String HAS_INVALID_TOKEN = "has_invalid_token";
  public static final String IS_LATE = "is_late";

  // Output metrics, in addition to the dimensions DATEHOUR, DOMAIN, COUNTRY.
  public static final String PAGEVIEWS = "pageviews";
  public static final String PAGEVIEWS_WITH_CONSENT = "pageviews_with_consent";
  public static final String CONSENTS_ASKED = "consents_asked";
  public static final String CONSENTS_ASKED_WITH_CONSENT = "consents_asked_with_consent";
  public static final String CONSENTS_GIVEN = "consents_given";
  public static final String CONSENTS_GIVEN_WITH_CONSENT = "consents_given_with_consent";
  public static final String AVG_PAGEVIEWS_PER_USER = "avg_pageviews_per_user";
  /** Of the run's totals per datehour ({@code Accounting.perHour}): how many of the hour's groups are published. */
  public static final String PUBLISHED_GROUPS = "published_groups";
}
