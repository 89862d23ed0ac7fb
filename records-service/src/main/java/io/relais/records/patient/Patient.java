package io.relais.records.patient;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A patient's identity and demographics. Never deleted. */
@Entity
@Table(name = "patient")
public class Patient extends PanacheEntityBase {

    @Id
    public UUID id;

    /** Local identifier (IPP) given by the hospital's patient administration. */
    @Column(nullable = false, length = 20)
    public String ipp;

    /** National health identifier (INS/NIR); only an identifier once {@link #insQualified}. */
    @Column(length = 15)
    public String ins;

    @Column(name = "ins_qualified", nullable = false)
    public boolean insQualified;

    @Column(name = "family_name", nullable = false, length = 100)
    public String familyName;

    @Column(name = "given_names", nullable = false, length = 200)
    public String givenNames;

    @Column(name = "birth_date", nullable = false)
    public LocalDate birthDate;

    @Column(nullable = false, length = 10)
    public String sex;

    /** Incremented on every change; the ETag. Changed under a row lock, not by Hibernate. */
    @Column(nullable = false)
    public long version;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;
}
