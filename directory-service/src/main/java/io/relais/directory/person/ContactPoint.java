package io.relais.directory.person;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

import java.util.UUID;

/** One number of a person; its rank is its position in {@link Person#contactPoints}. */
@Embeddable
public class ContactPoint {

    @Column(nullable = false, length = 12)
    public String kind;

    @Column(nullable = false, length = 100)
    public String value;

    /** The site where this number works (a DECT only rings on its own site). */
    @Column(name = "site_id")
    public UUID siteId;

    @Column(nullable = false, length = 12)
    public String visibility;

    @Column(length = 100)
    public String label;
}
