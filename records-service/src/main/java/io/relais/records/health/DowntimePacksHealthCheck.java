package io.relais.records.health;

import io.relais.records.pack.PackService;
import io.relais.records.pack.PackView;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.List;

/**
 * Whether this site's downtime packs are current. Readiness stays UP (the API is fine); a pack
 * older than twice the interval makes the check say {@code degraded}, which the status page
 * shows, with what to do: the units' downtime PCs hold an old copy.
 */
@Readiness
@ApplicationScoped
public class DowntimePacksHealthCheck implements HealthCheck {

    private final PackService packs;

    DowntimePacksHealthCheck(PackService packs) {
        this.packs = packs;
    }

    @Override
    public HealthCheckResponse call() {
        List<PackView> all;
        try {
            all = packs.list();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("downtime-packs").up().withData("degraded", true)
                    .withData("todo", "The pack directory cannot be read (" + e.getMessage() + "): check the volume").build();
        }
        List<PackView> late = all.stream().filter(PackView::overdue).toList();
        // Each unit named once: units of one name (several sites' "Cardiologie") would crowd out the rest.
        List<String> overdue = late.stream().map(PackView::unitName).distinct().toList();
        return HealthCheckResponse.named("downtime-packs")
                .up()
                .withData("units", all.size())
                .withData("overdue", late.size())
                .withData("degraded", !late.isEmpty())
                .withData("todo", overdue.isEmpty() ? "nothing" : "Downtime packs are not being regenerated for "
                        + String.join(", ", overdue.subList(0, Math.min(5, overdue.size())))
                        + (overdue.size() > 5 ? "…" : "") + ": the copies on the units' PCs are old. Check the records"
                        + " service's log ('Downtime pack'), then its database (docs/operations.md, downtime packs).")
                .build();
    }
}
