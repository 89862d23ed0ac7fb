package io.relais.status.component;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A component set by hand ("Téléphonie — Necker", "Messagerie"), or the editable texts of a
 * probed one (its description and what to do instead).
 */
@Entity
@Table(name = "component")
public class Component extends PanacheEntityBase {

    @Id
    public String id;

    @Column(nullable = false, length = 200)
    public String name;

    @Column(length = 1000)
    public String description;

    @Column(length = 2000)
    public String fallback;

    /** Set by hand; null for probed components. */
    @Column(length = 24)
    public String status;

    @Column(name = "group_id", length = 64)
    public String groupId;

    @Column(nullable = false)
    public int position;

    @Column(nullable = false)
    public boolean manual;

    @Column(nullable = false)
    public long version;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
