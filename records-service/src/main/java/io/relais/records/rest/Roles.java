package io.relais.records.rest;

/** Roles (token {@code groups}) that records-service knows. */
public final class Roles {

    /** Reads and writes patients and clinical entries. */
    public static final String CLINICIAN = "clinician";
    /** Reads the audit trail. */
    public static final String AUDITOR = "auditor";

    private Roles() {
    }
}
