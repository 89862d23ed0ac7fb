package io.relais.records.entry;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Embedded;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** One version of a clinical entry, append-only (enforced by a database trigger). */
@Entity
@Table(name = "clinical_entry_version")
public class ClinicalEntryVersion extends PanacheEntityBase {

    @EmbeddedId
    public Key key;

    @Embedded
    public EntryContent content;

    @Column(name = "recorded_at", nullable = false)
    public Instant recordedAt;

    @Column(name = "recorded_by", nullable = false)
    public String recordedBy;

    @Embeddable
    public record Key(@Column(name = "entry_id") UUID entryId, @Column(name = "version") long version)
            implements Serializable {
    }

    public static ClinicalEntryVersion of(ClinicalEntry entry) {
        ClinicalEntryVersion v = new ClinicalEntryVersion();
        v.key = new Key(entry.id, entry.version);
        v.content = entry.content.copy();
        v.recordedAt = entry.recordedAt;
        v.recordedBy = entry.recordedBy;
        return v;
    }
}
