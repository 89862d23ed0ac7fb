package io.relais.directory.site;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A hospital of the group. */
@Entity
@Table(name = "site")
public class Site extends PanacheEntityBase {

    @Id
    public UUID id;

    /** Short stable code used in imports and printed exports, e.g. {@code necker}. */
    @Column(nullable = false, length = 32)
    public String code;

    @Column(nullable = false, length = 200)
    public String name;

    @Column(nullable = false)
    public long version;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;
}
