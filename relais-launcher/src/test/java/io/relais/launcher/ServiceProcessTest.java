package io.relais.launcher;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** A training run beside the stack shares the databases with the live service, and nothing else. */
class ServiceProcessTest {

    @Test
    void aTrainingRunBesideTheLiveServiceHasItsOwnPortsFilesAndLog() {
        Path site = Path.of("/run/site-a");
        ServiceProcess live = new ServiceProcess("records@a", Path.of("records-service/target/quarkus-app/quarkus-run.jar"),
                null, "localhost", 8081, List.of(), Map.of(
                        "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/records",
                        "RECORDS_AUDIT_JOURNAL", site.resolve("records-audit-journal.ndjson").toString(),
                        "RECORDS_PACKS_DIRECTORY", site.resolve("packs").toString()),
                Path.of("/run/logs/records-a.log"));

        ServiceProcess training = live.beside(500, Map.of(
                "RECORDS_AUDIT_JOURNAL", "/run/site-a/training/journal.ndjson",
                "RECORDS_PACKS_DIRECTORY", "/run/site-a/training/packs",
                "STATUS_PAGE_URL", "http://localhost:8583"), List.of("nice", "-n", "19"));

        assertEquals(8581, training.port());
        assertEquals(8681, ServiceProcess.managementPort(training.port()));
        assertEquals(Path.of("/run/logs/records-a-training.log"), training.log());
        Map<String, String> env = training.environment();
        assertEquals("jdbc:postgresql://127.0.0.1:5432/records", env.get("QUARKUS_DATASOURCE_JDBC_URL"), "the same database");
        assertEquals("/run/site-a/training/journal.ndjson", env.get("RECORDS_AUDIT_JOURNAL"), "never the live journal");
        assertEquals("/run/site-a/training/packs", env.get("RECORDS_PACKS_DIRECTORY"));
        assertFalse(env.containsKey("STATUS_PAGE_URL"), "only the variables the service has are replaced");
        assertEquals(site.resolve("records-audit-journal.ndjson").toString(), live.environment().get("RECORDS_AUDIT_JOURNAL"),
                "the live service is left as it was");
    }
}
