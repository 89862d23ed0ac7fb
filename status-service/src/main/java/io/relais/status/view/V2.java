package io.relais.status.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.relais.status.config.StatusConfig;
import io.relais.status.incident.CachedIncident;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

/**
 * The documents of Atlassian Statuspage's public v2 API, field for field (snake_case, nulls
 * written out as Statuspage does), so that existing widgets, exporters and aggregators read
 * them unchanged.
 */
public final class V2 {

    private V2() {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Page(String id, String name, String url, String timeZone, OffsetDateTime updatedAt) {
    }

    public record Status(String indicator, String description) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"id", "name", "status", "created_at", "updated_at", "position", "description", "showcase",
            "start_date", "group_id", "page_id", "group", "only_show_if_degraded"})
    public record Component(String id, String name, String status, OffsetDateTime createdAt, OffsetDateTime updatedAt,
                            int position, String description, boolean showcase, String startDate, String groupId,
                            String pageId, boolean group, boolean onlyShowIfDegraded,
                            @JsonInclude(JsonInclude.Include.NON_NULL) List<String> components) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record AffectedComponent(String code, String name, String oldStatus, String newStatus) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record IncidentUpdate(String id, String status, String body, String incidentId, OffsetDateTime createdAt,
                                 OffsetDateTime updatedAt, OffsetDateTime displayAt,
                                 List<AffectedComponent> affectedComponents, boolean deliverNotifications,
                                 String customTweet, String tweetId) {
    }

    /** An incident, or with {@code scheduled_for}/{@code scheduled_until} a scheduled maintenance. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Incident(String id, String name, String status, OffsetDateTime createdAt, OffsetDateTime updatedAt,
                           OffsetDateTime monitoringAt, OffsetDateTime resolvedAt, String impact, String shortlink,
                           OffsetDateTime startedAt, String pageId, List<IncidentUpdate> incidentUpdates,
                           List<Component> components,
                           @JsonInclude(JsonInclude.Include.NON_ABSENT) java.util.Optional<OffsetDateTime> scheduledFor,
                           @JsonInclude(JsonInclude.Include.NON_ABSENT) java.util.Optional<OffsetDateTime> scheduledUntil) {
    }

    @JsonPropertyOrder({"page", "components", "incidents", "scheduled_maintenances", "status"})
    public record Summary(Page page, List<Component> components, List<Incident> incidents,
                          @com.fasterxml.jackson.annotation.JsonProperty("scheduled_maintenances") List<Incident> scheduledMaintenances,
                          Status status) {
    }

    public record StatusDocument(Page page, Status status) {
    }

    public record Components(Page page, List<Component> components) {
    }

    public record Incidents(Page page, List<Incident> incidents) {
    }

    public record ScheduledMaintenances(Page page,
                                        @com.fasterxml.jackson.annotation.JsonProperty("scheduled_maintenances") List<Incident> scheduledMaintenances) {
    }

    /** Builds the documents from a snapshot, times in the page's time zone as Statuspage writes them. */
    @jakarta.inject.Singleton
    public static class Mapper {

        private final StatusConfig.Page page;
        private final ZoneId zone;

        @jakarta.inject.Inject
        public Mapper(StatusConfig config) {
            this.page = config.page();
            this.zone = page.timeZone();
        }

        public Page page(Snapshot s) {
            return new Page(page.id(), page.name(), page.url(), zone.getId(), time(s.builtAt()));
        }

        public Status status(Snapshot s) {
            return new Status(s.indicator(), s.description());
        }

        public List<Component> components(Snapshot s) {
            return s.components().stream().map(this::component).toList();
        }

        public Component component(ComponentView c) {
            return new Component(c.id(), c.name(), c.status().code(), time(c.createdAt()), time(c.updatedAt()),
                    c.position(), c.description(), true, null, c.groupId(), page.id(), c.group(), false, c.children());
        }

        public List<Incident> incidents(Snapshot s, List<CachedIncident> incidents) {
            return incidents.stream().map(i -> incident(s, i)).toList();
        }

        public Incident incident(Snapshot s, CachedIncident i) {
            List<Component> affected = i.components().keySet().stream()
                    .map(id -> s.components().stream().filter(c -> c.id().equals(id)).findFirst().map(this::component).orElse(null))
                    .filter(java.util.Objects::nonNull).toList();
            List<IncidentUpdate> updates = new java.util.ArrayList<>();
            for (CachedIncident.Update u : i.updates()) {
                // Statuspage writes null for an entry that changed no component.
                List<AffectedComponent> changed = u.affected().isEmpty() ? null : u.affected().stream()
                        .map(c -> new AffectedComponent(c.componentId(), s.components().stream()
                                .filter(v -> v.id().equals(c.componentId())).map(ComponentView::name).findFirst()
                                .orElse(c.componentId()), c.oldStatus().code(), c.newStatus().code()))
                        .toList();
                updates.add(new IncidentUpdate(u.id().toString(), u.status(), u.body(), i.id().toString(), time(u.createdAt()),
                        time(u.createdAt()), time(u.createdAt()), changed, false, null, null));
            }
            return new Incident(i.id().toString(), i.name(), i.status(), time(i.createdAt()), time(i.updatedAt()),
                    time(i.monitoringAt()), time(i.resolvedAt()), i.maintenance() ? "maintenance" : i.impact(),
                    page.url() + "/#incident-" + i.id(), time(i.startedAt()), page.id(), updates, affected,
                    i.maintenance() ? java.util.Optional.of(time(i.scheduledFor())) : java.util.Optional.empty(),
                    i.maintenance() ? java.util.Optional.of(time(i.scheduledUntil())) : java.util.Optional.empty());
        }

        private OffsetDateTime time(Instant instant) {
            return instant == null ? null : instant.atZone(zone).toOffsetDateTime();
        }
    }
}
