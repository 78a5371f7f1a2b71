package io.consentmetrics.metrics.publish.report;

import static io.consentmetrics.metrics.publish.report.Html.addShare;
import static io.consentmetrics.metrics.publish.report.Html.plural;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consentmetrics.metrics.publish.RunSummary;
import io.consentmetrics.metrics.publish.report.ReportPage.Group;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** The metrics rows summed for the page: per datehour, per country, per domain, and in all. */
final class ReportData {
  private ReportData() {}

  /** Countries drawn one by one; the rest are summed into one "other" bar. */
  static final int TOP_COUNTRIES = 15;

  /** What the charts draw: per datehour series, the top countries, and the run's data quality per hour. */
  static ObjectNode chartData(List<Group> groups, List<HourQuality> quality) {
    Totals totals = Totals.of(groups);
    ObjectNode data = Html.JSON.createObjectNode();
    ObjectNode hours = data.putObject("hours");
    ArrayNode datehour = hours.putArray("datehour");
    ArrayNode pageviews = hours.putArray("pageviews");
    ArrayNode share = hours.putArray("consentShare");
    ArrayNode asked = hours.putArray("consentsAsked");
    ArrayNode given = hours.putArray("consentsGiven");
    ArrayNode givenWithConsent = hours.putArray("consentsGivenWithConsent");
    totals.hours.forEach((hour, t) -> {
      datehour.add(hour);
      pageviews.add(t.pageviews);
      addShare(share, t.pageviewsWithConsent, t.pageviews);
      asked.add(t.consentsAsked);
      given.add(t.consentsGiven);
      givenWithConsent.add(t.consentsGivenWithConsent);
    });
    countries(data.putObject("countries"), totals);
    ObjectNode q = data.putObject("quality");
    ArrayNode qHour = q.putArray("datehour");
    ArrayNode rejected = q.putArray("rejectedShare");
    ArrayNode duplicates = q.putArray("duplicatesShare");
    ArrayNode late = q.putArray("lateShare");
    for (HourQuality h : quality) {
      qHour.add(h.datehour());
      addShare(rejected, h.rejected(), h.linesRead());
      addShare(duplicates, h.duplicates(), h.linesRead());
      addShare(late, h.lateEvents(), h.eventsCounted());
    }
    return data;
  }

  private static void countries(ObjectNode countries, Totals totals) {
    ArrayNode name = countries.putArray("name");
    ArrayNode countryPageviews = countries.putArray("pageviews");
    ArrayNode countryShare = countries.putArray("consentShare");
    List<Map.Entry<String, Sum>> ranked = new ArrayList<>(totals.countries.entrySet());
    ranked.removeIf(c -> c.getValue().pageviews == 0);
    ranked.sort(Comparator.<Map.Entry<String, Sum>>comparingLong(c -> -c.getValue().pageviews)
        .thenComparing(Map.Entry::getKey, Comparator.nullsLast(Comparator.naturalOrder())));
    Sum other = new Sum();
    for (int i = 0; i < ranked.size(); i++) {
      Sum s = ranked.get(i).getValue();
      if (i < TOP_COUNTRIES) {
        String country = ranked.get(i).getKey();
        name.add(country == null ? "(no country)" : country);
        countryPageviews.add(s.pageviews);
        addShare(countryShare, s.pageviewsWithConsent, s.pageviews);
      } else {
        other.add(s);
      }
    }
    int others = ranked.size() - TOP_COUNTRIES;
    if (others > 0) {
      name.add("other (" + plural(others, "country", "countries") + ")");
      countryPageviews.add(other.pageviews);
      addShare(countryShare, other.pageviewsWithConsent, other.pageviews);
    }
  }

  /** The headline totals of {@code groups}, as the run summary records them for the next run to compare. */
  static RunSummary.CurrentTotals currentTotals(List<Group> groups) {
    Sum all = new Sum();
    groups.forEach(all::add);
    return new RunSummary.CurrentTotals(all.pageviews + all.consentsAsked + all.consentsGiven, all.pageviews,
        all.pageviewsWithConsent, all.consentsAsked, all.consentsGiven, all.users);
  }

  /** Pageview and consent counts summed over groups. */
  static final class Sum {
    long pageviews;
    long pageviewsWithConsent;
    long consentsAsked;
    long consentsGiven;
    long consentsGivenWithConsent;
    long users;

    void add(Group g) {
      pageviews += g.pageviews();
      pageviewsWithConsent += g.pageviewsWithConsent();
      consentsAsked += g.consentsAsked();
      consentsGiven += g.consentsGiven();
      consentsGivenWithConsent += g.consentsGivenWithConsent();
      users += g.users();
    }

    void add(Sum s) {
      pageviews += s.pageviews;
      pageviewsWithConsent += s.pageviewsWithConsent;
      consentsAsked += s.consentsAsked;
      consentsGiven += s.consentsGiven;
      consentsGivenWithConsent += s.consentsGivenWithConsent;
      users += s.users;
    }
  }

  /** The groups summed per datehour (sorted) and per country (a null country is a key of its own). */
  record Totals(TreeMap<String, Sum> hours, Map<String, Sum> countries, long pageviews) {
    static Totals of(List<Group> groups) {
      TreeMap<String, Sum> hours = sums(groups, Group::datehour, new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder())));
      Map<String, Sum> countries = sums(groups, Group::country, new LinkedHashMap<>());
      return new Totals(hours, countries, groups.stream().mapToLong(Group::pageviews).sum());
    }

    static <M extends Map<String, Sum>> M sums(List<Group> groups, Function<Group, String> key, M into) {
      for (Group g : groups) {
        into.computeIfAbsent(key.apply(g), k -> new Sum()).add(g);
      }
      return into;
    }
  }

  /** One line of the domain table. */
  record DomainRow(String domain, long pageviews, long withConsent, long users) {
    static List<DomainRow> of(List<Group> groups) {
      Map<String, Sum> sums = Totals.sums(groups, Group::domain, new LinkedHashMap<>());
      List<DomainRow> rows = new ArrayList<>();
      sums.forEach((domain, s) -> rows.add(new DomainRow(domain, s.pageviews, s.pageviewsWithConsent, s.users)));
      rows.sort(Comparator.comparingLong((DomainRow d) -> -d.pageviews)
          .thenComparing(DomainRow::domain, Comparator.nullsFirst(Comparator.naturalOrder())));
      return rows;
    }
  }
}
