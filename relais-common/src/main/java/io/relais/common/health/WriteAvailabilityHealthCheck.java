package io.relais.common.health;

import io.relais.common.database.WriteAvailability;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports whether writes are possible, without failing readiness: a service on a read-only
 * standby must stay in rotation to keep serving reads. The status page shows a component
 * degraded when any of its checks says {@code "degraded": true}.
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
                // The one signal the status page reads to show a component degraded.
                .withData("degraded", writeAvailability.state() != WriteAvailability.State.WRITABLE)
                .build();
    }
}
