package io.relais.status.incident;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CascadeType;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** An incident or a scheduled maintenance, with its timeline and the components it affects. */
@Entity
@Table(name = "incident")
public class Incident extends PanacheEntityBase {

    @Id
    public UUID id;

    /** {@code incident} or {@code maintenance}. */
    @Column(nullable = false, length = 12)
    public String kind;

    @Column(nullable = false, length = 200)
    public String name;

    @Column(nullable = false, length = 16)
    public String status;

    @Column(nullable = false, length = 12)
    public String impact;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "monitoring_at")
    public Instant monitoringAt;

    @Column(name = "resolved_at")
    public Instant resolvedAt;

    @Column(name = "scheduled_for")
    public Instant scheduledFor;

    @Column(name = "scheduled_until")
    public Instant scheduledUntil;

    @Column(nullable = false)
    public long version;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @OneToMany(mappedBy = "incident", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("createdAt DESC")
    public List<IncidentUpdate> updates = new ArrayList<>();

    /** Affected component id → the status this incident sets it to. */
    @ElementCollection
    @CollectionTable(name = "incident_component", joinColumns = @JoinColumn(name = "incident_id"))
    @MapKeyColumn(name = "component_id")
    @Column(name = "status", nullable = false)
    public Map<String, String> components = new LinkedHashMap<>();
}
