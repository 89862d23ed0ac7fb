package io.relais.directory.rota;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.relais.directory.department.Department;
import io.relais.directory.person.Person;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One on-call slot: who holds a role for a department from {@code startsAt} until {@code endsAt}. */
@Entity
@Table(name = "rota_entry")
public class RotaEntry extends PanacheEntityBase {

    @Id
    public UUID id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "department_id")
    public Department department;

    /** "Réanimateur de garde", "Interne d'astreinte"… */
    @Column(name = "role_label", nullable = false, length = 100)
    public String roleLabel;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "person_id")
    public Person person;

    @Column(name = "starts_at", nullable = false)
    public Instant startsAt;

    /** Exclusive: at {@code endsAt} the next slot has begun. */
    @Column(name = "ends_at", nullable = false)
    public Instant endsAt;

    @Column(nullable = false)
    public long version;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;
}
