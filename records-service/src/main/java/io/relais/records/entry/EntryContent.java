package io.relais.records.entry;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

import java.time.LocalDate;

/** The clinical content of an entry, the part that each version records. */
@Embeddable
public class EntryContent {

    @Column(nullable = false, length = 20)
    public String status;

    @Column(nullable = false, length = 200)
    public String display;

    @Column(length = 64)
    public String code;

    @Column(name = "code_system", length = 200)
    public String codeSystem;

    @Column(length = 10000)
    public String text;

    @Column(length = 20)
    public String criticality;

    @Column(length = 500)
    public String dosage;

    public LocalDate onset;

    /** Why this version was written (correction, entered in error…). */
    @Column(length = 500)
    public String reason;

    public EntryContent copy() {
        EntryContent c = new EntryContent();
        c.status = status;
        c.display = display;
        c.code = code;
        c.codeSystem = codeSystem;
        c.text = text;
        c.criticality = criticality;
        c.dosage = dosage;
        c.onset = onset;
        c.reason = reason;
        return c;
    }
}
