package io.relais.common.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import java.util.Set;
import java.util.TreeSet;

/** Who is calling: the token subject and roles, as recorded by audit and idempotency. */
@RequestScoped
public class Caller {

    @Inject
    SecurityIdentity identity;

    /** The token subject, or {@code anonymous}. */
    public String subject() {
        return subjectOf(identity);
    }

    public static String subjectOf(SecurityIdentity identity) {
        return identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
    }

    public Set<String> roles() {
        return new TreeSet<>(identity.getRoles());
    }
}
