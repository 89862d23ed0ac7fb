package io.relais.status.view;

import io.quarkus.scheduler.Scheduled;
import io.relais.status.component.CachedComponent;
import io.relais.status.component.ComponentStatus;
import io.relais.status.config.StatusConfig;
import io.relais.status.incident.CachedIncident;
import io.relais.status.incident.StatusStore;
import io.relais.status.probe.Prober;
import io.relais.status.probe.TargetState;
import io.relais.status.uptime.UptimeRecorder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Derives what every component's status is right now, and caches the result until a probe or
 * the database copy changes (or a second has passed, for maintenance windows and "last updated").
 */
@ApplicationScoped
public class StatusView {

    private static final List<String> IMPACT_ORDER = List.of("none", "minor", "major", "critical");
    private static final Duration MAX_AGE = Duration.ofSeconds(1);

    @Inject
    Prober prober;

    @Inject
    StatusStore store;

    @Inject
    StatusConfig config;

    @Inject
    UptimeRecorder uptime;

    private volatile Cached cached;

    private record Cached(long key, Snapshot snapshot) {
    }

    public Snapshot current() {
        long key = prober.generation() * 1_000_003L + store.generation();
        Cached c = cached;
        Instant now = Instant.now();
        if (c == null || c.key != key || c.snapshot.builtAt().plus(MAX_AGE).isBefore(now)) {
            c = new Cached(key, build(now));
            cached = c;
        }
        return c.snapshot;
    }

    /**
     * Counts every component's time as operational or not, for the 90-day bars — from the first
     * time it answered: a fresh stack's other site, still starting when its status page first
     * probes it, is not a red day. A site group counts once all its probed components have answered.
     */
    @Scheduled(every = "${status.probe.interval:2s}", delayed = "3s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void countUptime() {
        Snapshot s = current();
        long seconds = config.probe().interval().toSeconds();
        java.util.Set<String> notYetAnswered = new java.util.HashSet<>();
        prober.states().forEach((id, state) -> {
            if (state.firstAnswered() == null) {
                notYetAnswered.add(id);
            }
        });
        for (ComponentView c : s.components()) {
            if (notYetAnswered.contains(c.id()) || c.group() && c.children().stream().anyMatch(notYetAnswered::contains)) {
                continue;
            }
            boolean up = c.status() == ComponentStatus.OPERATIONAL || c.status() == ComponentStatus.UNDER_MAINTENANCE
                    || c.status() == ComponentStatus.DEGRADED_PERFORMANCE;
            uptime.observe(c.id(), s.builtAt(), Math.max(1, seconds), up);
        }
    }

    private Snapshot build(Instant now) {
        StatusStore.Contents contents = store.contents();
        Map<String, CachedComponent> rows = contents.components();
        List<CachedIncident> unresolved = contents.incidents().stream().filter(i -> !i.maintenance() && !i.over()).toList();
        List<CachedIncident> active = contents.incidents().stream().filter(i -> i.maintenanceActive(now)).toList();
        List<CachedIncident> upcoming = contents.incidents().stream().filter(i -> i.maintenanceUpcoming(now))
                .sorted(Comparator.comparing(CachedIncident::scheduledFor)).toList();

        List<SiteView> sites = new ArrayList<>();
        List<ComponentView> all = new ArrayList<>();
        config.sites().entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, StatusConfig.Site> e) -> e.getValue().position())
                        .thenComparing(Map.Entry::getKey))
                .forEach(site -> {
                    String groupId = "site-" + site.getKey();
                    List<ComponentView> children = new ArrayList<>();
                    config.targets().forEach((id, target) -> {
                        if (target.site().equals(site.getKey())) {
                            TargetState state = prober.states().get(id);
                            CachedComponent row = rows.get(id);
                            ComponentStatus status = derive(id, state.status(), unresolved, active);
                            // Statuspage consumers require both times: created when first known (the
                            // database row, else when this page started watching), updated at the last
                            // change of what is shown.
                            Instant created = row != null && row.createdAt() != null ? row.createdAt() : state.created();
                            Instant updated = latest(state.since(), row != null ? row.updatedAt() : null);
                            children.add(new ComponentView(id, target.name(),
                                    row != null && row.description() != null ? row.description() : target.description().orElse(null),
                                    row != null && row.fallback() != null ? row.fallback() : target.fallback().orElse(null),
                                    status, groupId, null, target.position(), state.since(),
                                    status.operational() ? null : state.detail(), created, updated));
                        }
                    });
                    rows.values().stream().filter(r -> r.manual() && groupId.equals(r.groupId()))
                            .forEach(r -> children.add(manual(r, unresolved, active)));
                    children.sort(Comparator.comparingInt(ComponentView::position).thenComparing(ComponentView::name));
                    boolean unreachable = config.targets().entrySet().stream()
                            .filter(t -> t.getValue().site().equals(site.getKey())).map(t -> prober.states().get(t.getKey()))
                            .allMatch(s -> s.probed() && s.status() == ComponentStatus.MAJOR_OUTAGE)
                            && config.targets().values().stream().anyMatch(t -> t.site().equals(site.getKey()));
                    Instant since = children.stream().map(ComponentView::since).filter(java.util.Objects::nonNull)
                            .max(Comparator.naturalOrder()).orElse(null);
                    Instant created = children.stream().map(ComponentView::createdAt).filter(java.util.Objects::nonNull)
                            .min(Comparator.naturalOrder()).orElse(prober.startedAt());
                    Instant updated = children.stream().map(ComponentView::updatedAt).filter(java.util.Objects::nonNull)
                            .max(Comparator.naturalOrder()).orElse(created);
                    ComponentView group = new ComponentView(groupId, site.getValue().name(), null, null,
                            derive(groupId, groupStatus(children), unresolved, active), null,
                            children.stream().map(ComponentView::id).toList(), site.getValue().position(), since, null,
                            created, updated);
                    sites.add(new SiteView(group, unreachable, since, children));
                    all.add(group);
                    all.addAll(children);
                });
        List<ComponentView> ungrouped = rows.values().stream()
                .filter(r -> r.manual() && (r.groupId() == null || !r.groupId().startsWith("site-")
                        || !config.sites().containsKey(r.groupId().substring(5))))
                .map(r -> manual(r, unresolved, active))
                .sorted(Comparator.comparingInt(ComponentView::position).thenComparing(ComponentView::name)).toList();
        all.addAll(ungrouped);

        String indicator = "none";
        for (ComponentView c : all) {
            indicator = worse(indicator, switch (c.status()) {
                case MAJOR_OUTAGE, PARTIAL_OUTAGE -> "major";
                case DEGRADED_PERFORMANCE -> "minor";
                default -> "none";
            });
        }
        for (CachedIncident i : unresolved) {
            indicator = worse(indicator, i.impact());
        }
        // Statuspage's indicator during a maintenance with nothing worse going on.
        if (indicator.equals("none") && !active.isEmpty()) {
            indicator = "maintenance";
        }
        String description = switch (indicator) {
            case "none" -> "All Systems Operational";
            case "maintenance" -> "Service Under Maintenance";
            case "minor" -> "Partially Degraded Service";
            case "major" -> "Partial System Outage";
            default -> "Major Service Outage";
        };
        String unreachableSites = String.join(", ", sites.stream().filter(SiteView::unreachable).map(SiteView::name).toList());
        if (!unreachableSites.isEmpty()) {
            description += ": " + unreachableSites + " unreachable";
        }
        List<CachedIncident> incidents = contents.incidents().stream().filter(i -> !i.maintenance()).limit(50).toList();
        List<CachedIncident> maintenances = contents.incidents().stream().filter(CachedIncident::maintenance).limit(50).toList();
        return new Snapshot(now, indicator, description, store.stale(), contents.loadedAt(), sites, ungrouped, all,
                unresolved, incidents, active, upcoming, maintenances);
    }

    private ComponentView manual(CachedComponent r, List<CachedIncident> unresolved, List<CachedIncident> active) {
        return new ComponentView(r.id(), r.name(), r.description(), r.fallback(), derive(r.id(), r.status(), unresolved, active),
                r.groupId(), null, r.position(), r.updatedAt(), null, r.createdAt(), r.updatedAt());
    }

    /** Probe or hand-set status, made worse by unresolved incidents, replaced by an active maintenance. */
    private static ComponentStatus derive(String id, ComponentStatus base, List<CachedIncident> unresolved,
                                          List<CachedIncident> activeMaintenances) {
        if (activeMaintenances.stream().anyMatch(m -> m.components().containsKey(id))) {
            return ComponentStatus.UNDER_MAINTENANCE;
        }
        ComponentStatus status = base;
        for (CachedIncident i : unresolved) {
            ComponentStatus declared = i.components().get(id);
            if (declared != null) {
                status = status.worst(declared);
            }
        }
        return status;
    }

    private static ComponentStatus groupStatus(List<ComponentView> children) {
        if (children.isEmpty()) {
            return ComponentStatus.OPERATIONAL;
        }
        if (children.stream().allMatch(c -> c.status() == ComponentStatus.MAJOR_OUTAGE)) {
            return ComponentStatus.MAJOR_OUTAGE;
        }
        if (children.stream().anyMatch(c -> c.status() == ComponentStatus.MAJOR_OUTAGE || c.status() == ComponentStatus.PARTIAL_OUTAGE)) {
            return ComponentStatus.PARTIAL_OUTAGE;
        }
        if (children.stream().anyMatch(c -> c.status() == ComponentStatus.DEGRADED_PERFORMANCE)) {
            return ComponentStatus.DEGRADED_PERFORMANCE;
        }
        if (children.stream().allMatch(c -> c.status() == ComponentStatus.UNDER_MAINTENANCE)) {
            return ComponentStatus.UNDER_MAINTENANCE;
        }
        return ComponentStatus.OPERATIONAL;
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    private static String worse(String a, String b) {
        return IMPACT_ORDER.indexOf(b) > IMPACT_ORDER.indexOf(a) ? b : a;
    }
}
