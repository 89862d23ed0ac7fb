package io.relais.status.incident;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import org.hibernate.annotations.BatchSize;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** One entry of an incident's timeline. */
@Entity
@Table(name = "incident_update")
public class IncidentUpdate extends PanacheEntityBase {

    @Id
    public UUID id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "incident_id")
    public Incident incident;

    @Column(nullable = false, length = 16)
    public String status;

    @Column(nullable = false, length = 5000)
    public String body;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** The components this entry changed (none when it only adds text). */
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "incident_update_component", joinColumns = @JoinColumn(name = "update_id"))
    @BatchSize(size = 64)
    public List<AffectedComponent> affected = new ArrayList<>();
}
