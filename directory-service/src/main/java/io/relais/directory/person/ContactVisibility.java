package io.relais.directory.person;

import io.quarkus.security.identity.SecurityIdentity;
import io.relais.directory.rest.Roles;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/** Whether the caller may see restricted numbers (the switchboard and directory administrators). */
@RequestScoped
public class ContactVisibility {

    @Inject
    SecurityIdentity identity;

    public boolean seesRestricted() {
        return identity.hasRole(Roles.SWITCHBOARD) || identity.hasRole(Roles.ADMIN);
    }

    public boolean shows(String visibility) {
        return Visibility.PUBLIC.code().equals(visibility) || seesRestricted();
    }
}
