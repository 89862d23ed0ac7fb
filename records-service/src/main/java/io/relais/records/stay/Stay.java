package io.relais.records.stay;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One admission of a patient: the unit and bed, from admission to discharge (open while null). */
@Entity
@Table(name = "stay")
public class Stay extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "patient_id", nullable = false)
    public UUID patientId;

    @Column(name = "unit_id", nullable = false)
    public UUID unitId;

    @Column(name = "unit_name", nullable = false, length = 200)
    public String unitName;

    @Column(length = 20)
    public String bed;

    @Column(name = "admitted_at", nullable = false)
    public Instant admittedAt;

    @Column(name = "discharged_at")
    public Instant dischargedAt;

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
