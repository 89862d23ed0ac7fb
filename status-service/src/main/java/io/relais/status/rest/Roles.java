package io.relais.status.rest;

/** Roles (token {@code groups}) that status-service knows. Reading the page needs no token. */
public final class Roles {

    /** Declares incidents and maintenances, sets components by hand and their fallback texts. */
    public static final String ADMIN = "status-admin";

    private Roles() {
    }
}
