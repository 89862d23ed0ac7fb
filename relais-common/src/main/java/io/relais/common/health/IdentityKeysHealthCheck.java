package io.relais.common.health;

import io.relais.common.security.IdentityKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Whether tokens can be verified, and with what: the identity provider's live keys, or the copy
 * kept on disk while it does not answer (degraded: the page says so). Without any key a service
 * can authenticate nobody, so it is not ready.
 */
@Readiness
@ApplicationScoped
public class IdentityKeysHealthCheck implements HealthCheck {

    @Inject
    IdentityKeys keys;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder check = HealthCheckResponse.named("identity-keys");
        if (!keys.enabled()) {
            return check.up().withData("source", "configured key").build();
        }
        IdentityKeys.Source source = keys.source();
        check.status(source != IdentityKeys.Source.NONE)
                .withData("source", source.name().toLowerCase(java.util.Locale.ROOT))
                .withData("degraded", source == IdentityKeys.Source.COPY);
        if (keys.fetchedAt() != null) {
            check.withData("fetchedAt", keys.fetchedAt().toString());
        }
        if (source == IdentityKeys.Source.COPY) {
            check.withData("todo", "The identity provider does not answer: tokens are verified with the copy of its keys"
                    + " fetched at " + keys.fetchedAt() + "; new keys it may have published are not known here");
        }
        return check.build();
    }
}
