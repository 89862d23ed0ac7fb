package io.relais.common.health;

import io.relais.common.database.WriteAvailability;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports whether writes are possible, without failing readiness: a service on a read-only
 * standby must stay in rotation to keep serving reads. The status page and the gateway read
 * {@code writes} to show the site as degraded.
 */
@Readiness
@ApplicationScoped
public class WriteAvailabilityHealthCheck implements HealthCheck {

    @Inject
    WriteAvailability writeAvailability;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("database-writes")
                .up()
                .withData("writes", writeAvailability.state().name().toLowerCase(java.util.Locale.ROOT))
                .withData("since", writeAvailability.since().toString())
                .build();
    }
}
