package io.relais.status.view;

import io.relais.status.config.StatusConfig;
import io.relais.status.incident.CachedIncident;
import io.relais.status.uptime.UptimeRecorder;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the HTML template shows, with every word and time already in the reader's language. */
public record PageModel(String lang, Map<String, String> t, String pageName, String banner, String bannerClass,
                        String stale, String updated, int refreshSeconds, List<Site> sites, List<Row> others,
                        List<Event> incidents, List<Event> maintenances) {

    public record Site(String name, String statusClass, String statusLabel, boolean unreachable, String unreachableSince,
                       List<Row> components) {
    }

    public record Row(String id, String name, String statusClass, String statusLabel, String detail, String fallback,
                      String uptime, List<Bar> bars) {
    }

    public record Bar(String cls, String title) {
    }

    public record Event(String id, String name, String cls, String statusLabel, String window, List<Entry> entries) {
    }

    public record Entry(String statusLabel, String body, String at) {
    }

    public static PageModel of(Snapshot s, String lang, StatusConfig.Page page, UptimeRecorder uptime) {
        Map<String, String> t = PageText.of(lang);
        ZoneId zone = page.timeZone();
        DateTimeFormatter time = DateTimeFormatter.ofPattern(lang.equals("fr") ? "dd/MM/yyyy HH:mm:ss" : "yyyy-MM-dd HH:mm:ss",
                Locale.forLanguageTag(lang)).withZone(zone);
        String banner = t.get(s.indicator());
        List<Site> sites = new ArrayList<>();
        for (SiteView site : s.sites()) {
            sites.add(new Site(site.name(), site.status().code(), t.get(site.status().code()), site.unreachable(),
                    site.since() == null ? "" : time.format(site.since()),
                    site.components().stream().map(c -> row(c, t, uptime, lang)).toList()));
        }
        List<Event> incidents = s.unresolved().stream().map(i -> event(i, t, time, "impact-" + i.impact(), null)).toList();
        List<CachedIncident> shownMaintenances = new ArrayList<>(s.activeMaintenances());
        shownMaintenances.addAll(s.upcomingMaintenances());
        List<Event> maintenances = shownMaintenances.stream().map(m -> event(m, t, time, "maintenance",
                t.get("scheduled_for") + " " + time.format(m.scheduledFor()) + " " + t.get("until") + " "
                        + time.format(m.scheduledUntil()))).toList();
        return new PageModel(lang, t, page.name(), banner, "indicator-" + s.indicator(),
                s.stale() ? t.get("stale") + " " + (s.dataLoadedAt() == null ? "—" : time.format(s.dataLoadedAt())) : null,
                time.format(s.builtAt()), page.refreshSeconds(), sites,
                s.ungrouped().stream().map(c -> row(c, t, uptime, lang)).toList(), incidents, maintenances);
    }

    private static Row row(ComponentView c, Map<String, String> t, UptimeRecorder uptime, String lang) {
        UptimeRecorder.Day[] days = uptime.history(c.id(), 90);
        List<Bar> bars = new ArrayList<>(days.length);
        long observed = 0;
        long operational = 0;
        java.time.LocalDate first = java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(days.length - 1L);
        for (int i = 0; i < days.length; i++) {
            double ratio = days[i].ratio();
            observed += days[i].observedSeconds();
            operational += days[i].operationalSeconds();
            // 90 bars × every component: one-letter classes, and a tooltip only on days worth one.
            String cls = ratio < 0 ? "n" : ratio >= 0.999 ? "" : ratio >= 0.99 ? "m" : ratio >= 0.95 ? "p" : "d";
            bars.add(new Bar(cls, ratio < 0 || ratio >= 0.999 ? null
                    : first.plusDays(i) + " : " + String.format(Locale.forLanguageTag(lang), "%.2f %%", ratio * 100)));
        }
        String total = observed == 0 ? t.get("no_data")
                : String.format(Locale.forLanguageTag(lang), "%.2f %%", 100.0 * operational / observed);
        String detail = c.detail() == null ? null : t.get(c.detail().key()).replace("{0}", String.valueOf(c.detail().value()));
        return new Row(c.id(), c.name(), c.status().code(), t.get(c.status().code()), detail,
                c.status().operational() ? null : c.fallback(), total, bars);
    }

    private static Event event(CachedIncident i, Map<String, String> t, DateTimeFormatter time, String cls, String window) {
        return new Event(i.id().toString(), i.name(), cls, t.getOrDefault(i.status(), i.status()), window,
                i.updates().stream().map(u -> new Entry(t.getOrDefault(u.status(), u.status()), u.body(),
                        time.format(u.createdAt()))).toList());
    }
}
