package io.relais.records.health;

import io.relais.records.audit.AuditJournal;
import io.relais.records.config.RecordsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * How full the local audit journal is. Readiness stays UP (reads keep being served and audited
 * into the journal); past the warning share of its bound the check says {@code degraded}, which
 * the status page shows, long before a full journal makes the service refuse audited requests.
 */
@Readiness
@ApplicationScoped
public class AuditJournalHealthCheck implements HealthCheck {

    @Inject
    AuditJournal journal;

    @Inject
    RecordsConfig config;

    @Override
    public HealthCheckResponse call() {
        boolean filling = journal.filling();
        return HealthCheckResponse.named("audit-journal")
                .up()
                .withData("bytes", journal.size())
                .withData("limit", config.audit().journalMaxSize().asLongValue())
                .withData("degraded", filling)
                .withData("todo", filling ? "The database has refused writes for a long time: bring a primary back"
                        + " (docs/operations.md) or raise records.audit.journal-max-size" : "nothing")
                .build();
    }
}
