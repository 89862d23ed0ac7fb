package io.relais.status.incident;

import io.relais.common.concurrency.EntityTags;
import io.relais.common.problem.Problem;
import io.relais.common.problem.ProblemException;
import io.relais.common.problem.ProblemType;
import io.relais.status.component.ComponentCatalog;
import io.relais.status.component.ComponentStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/** Incidents and maintenances: created, then moved along their timeline. The store is refreshed after each write. */
@ApplicationScoped
public class IncidentService {

    private final ComponentCatalog catalog;

    IncidentService(ComponentCatalog catalog) {
        this.catalog = catalog;
    }

    @Transactional
    public CachedIncident createIncident(UUID id, IncidentInput input, Function<String, ComponentStatus> shownNow) {
        Instant now = Instant.now();
        Incident i = new Incident();
        i.id = id;
        i.kind = "incident";
        i.name = input.name();
        i.status = input.status();
        i.impact = input.impact();
        i.startedAt = now;
        i.createdAt = now;
        i.version = 1;
        setComponents(i, input.components());
        addUpdate(i, input.status(), input.body(), now, changes(input.components(), shownNow));
        Incident.persist(i);
        return CachedIncident.of(i);
    }

    @Transactional
    public CachedIncident createMaintenance(UUID id, MaintenanceInput input, Function<String, ComponentStatus> shownNow) {
        if (!input.scheduledUntil().isAfter(input.scheduledFor())) {
            throw ProblemException.invalid("scheduledUntil", "must be after scheduledFor");
        }
        if (Duration.between(input.scheduledFor(), input.scheduledUntil()).toDays() > 31) {
            throw ProblemException.invalid("scheduledUntil", "a maintenance window lasts at most 31 days");
        }
        Instant now = Instant.now();
        Incident m = new Incident();
        m.id = id;
        m.kind = "maintenance";
        m.name = input.name();
        m.status = "scheduled";
        m.impact = "maintenance";
        m.startedAt = input.scheduledFor();
        m.scheduledFor = input.scheduledFor();
        m.scheduledUntil = input.scheduledUntil();
        m.createdAt = now;
        m.version = 1;
        Map<String, ComponentStatus> components = new LinkedHashMap<>();
        input.components().forEach(c -> components.put(c, ComponentStatus.UNDER_MAINTENANCE));
        setComponents(m, components);
        addUpdate(m, "scheduled", input.body(), now, changes(components, shownNow));
        Incident.persist(m);
        return CachedIncident.of(m);
    }

    /** Adds a timeline entry; its status becomes the incident's. */
    @Transactional
    public CachedIncident addUpdate(UUID id, String kind, String ifMatch, IncidentUpdateInput input,
                                    Function<String, ComponentStatus> shownNow) {
        Incident i = Incident.<Incident>findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
                .filter(found -> found.kind.equals(kind))
                .orElseThrow(() -> ProblemException.notFound("No " + kind + " with id " + id + "."));
        EntityTags.requireMatch(ifMatch, i.version);
        boolean maintenance = kind.equals("maintenance");
        if (maintenance != IncidentStatus.MAINTENANCE.contains(input.status())) {
            throw ProblemException.invalid("status", maintenance ? "a maintenance is scheduled, in_progress, verifying or completed"
                    : "an incident is investigating, identified, monitoring, resolved or postmortem");
        }
        if (maintenance && input.impact() != null) {
            throw ProblemException.invalid("impact", "a maintenance has no impact to set");
        }
        Instant now = Instant.now();
        i.status = input.status();
        if (input.impact() != null) {
            i.impact = input.impact();
        }
        if (input.status().equals("monitoring") && i.monitoringAt == null) {
            i.monitoringAt = now;
        }
        if (IncidentStatus.over(input.status()) && i.resolvedAt == null) {
            i.resolvedAt = now;
        }
        if (input.components() != null) {
            setComponents(i, input.components());
        }
        addUpdate(i, input.status(), input.body(), now, changes(input.components(), shownNow));
        i.version++;
        return CachedIncident.of(i);
    }

    @Transactional
    public CachedIncident get(UUID id, String kind) {
        return Incident.<Incident>findByIdOptional(id).filter(found -> found.kind.equals(kind)).map(CachedIncident::of)
                .orElseThrow(() -> ProblemException.notFound("No " + kind + " with id " + id + "."));
    }

    private void setComponents(Incident i, Map<String, ComponentStatus> components) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (components != null) {
            components.keySet().forEach(c -> {
                if (!catalog.exists(c)) {
                    errors.add(new Problem.FieldError("components." + c, "no component with id '" + c + "'; known: "
                            + catalog.ids()));
                }
            });
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.VALIDATION, errors.get(0).field() + ": " + errors.get(0).message(),
                    errors, Map.of());
        }
        i.components.clear();
        if (components != null) {
            components.forEach((c, status) -> i.components.put(c, status.code()));
        }
    }

    /** Each declared component with the status the page showed for it just before this entry. */
    private static List<AffectedComponent> changes(Map<String, ComponentStatus> declared,
                                                   Function<String, ComponentStatus> shownNow) {
        List<AffectedComponent> changes = new ArrayList<>();
        if (declared != null) {
            declared.forEach((component, status) -> {
                AffectedComponent change = new AffectedComponent();
                change.componentId = component;
                change.oldStatus = shownNow.apply(component).code();
                change.newStatus = status.code();
                changes.add(change);
            });
        }
        return changes;
    }

    private static void addUpdate(Incident i, String status, String body, Instant at, List<AffectedComponent> affected) {
        IncidentUpdate u = new IncidentUpdate();
        u.id = UUID.randomUUID();
        u.incident = i;
        u.status = status;
        u.body = body;
        u.createdAt = at;
        u.affected = affected;
        i.updates.add(0, u);
        i.updatedAt = at;
    }
}
