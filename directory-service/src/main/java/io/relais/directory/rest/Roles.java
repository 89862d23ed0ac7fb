package io.relais.directory.rest;

/** Roles (token {@code groups}) that directory-service knows. Any authenticated staff member reads. */
public final class Roles {

    /** Creates, changes and imports the directory and the rotas. Sees restricted numbers. */
    public static final String ADMIN = "directory-admin";
    /** The switchboard: sees restricted numbers. */
    public static final String SWITCHBOARD = "switchboard";

    private Roles() {
    }
}
