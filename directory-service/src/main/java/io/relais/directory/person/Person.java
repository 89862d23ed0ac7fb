package io.relais.directory.person;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.relais.directory.department.Department;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** A staff member: who they are, where they work and how to reach them. */
@Entity
@Table(name = "person")
public class Person extends PanacheEntityBase {

    @Id
    public UUID id;

    /** The HR system's identifier; CSV imports match on it. */
    @Column(name = "external_id", length = 64)
    public String externalId;

    @Column(name = "family_name", nullable = false, length = 100)
    public String familyName;

    @Column(name = "given_names", nullable = false, length = 200)
    public String givenNames;

    /** "Médecin", "Infirmier(e)", "Cadre de santé"… */
    @Column(nullable = false, length = 100)
    public String profession;

    /** Function or title: "Chef de service", "Praticien hospitalier"… */
    @Column(length = 100)
    public String title;

    /** National health professional number (11 digits). */
    @Column(length = 11)
    public String rpps;

    @ManyToMany
    @JoinTable(name = "person_department", joinColumns = @JoinColumn(name = "person_id"),
            inverseJoinColumns = @JoinColumn(name = "department_id"))
    public Set<Department> departments = new LinkedHashSet<>();

    @ElementCollection
    @CollectionTable(name = "contact_point", joinColumns = @JoinColumn(name = "person_id"))
    @OrderColumn(name = "contact_rank")
    public List<ContactPoint> contactPoints = new ArrayList<>();

    @Column(nullable = false)
    public long version;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;
}
