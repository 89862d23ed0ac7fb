package io.relais.directory.department;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.relais.directory.site.Site;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A department (service) of one site: "Réanimation médicale", "Urgences adultes"… */
@Entity
@Table(name = "department")
public class Department extends PanacheEntityBase {

    @Id
    public UUID id;

    @ManyToOne(fetch = FetchType.EAGER, optional = false)
    @JoinColumn(name = "site_id")
    public Site site;

    /** Short code, unique within the site, used in imports: {@code rea}, {@code urg-adultes}. */
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
