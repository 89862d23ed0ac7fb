package io.relais.records.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;

/** records-service settings (prefix {@code records}). */
@ConfigMapping(prefix = "records")
public interface RecordsConfig {

    /** How many of the latest notes the patient summary includes. */
    @WithDefault("5")
    int summaryNotes();

    Audit audit();

    Packs packs();

    Fhir fhir();

    /** The FHIR R4 base ({@code /api/records/fhir/r4}). */
    interface Fhir {
        /**
         * The identifier system of this hospital's IPP (its patient administration's OID, e.g.
         * {@code urn:oid:1.2.250.1.xxx.1.1}); searched and shown as {@code Patient.identifier}.
         */
        @WithDefault("urn:relais:ipp")
        String ippSystem();
    }

    /** Downtime packs: one PDF per unit, regenerated on a schedule, kept on this site's own disk. */
    interface Packs {
        /** How often every unit's pack is regenerated. */
        @WithDefault("15m")
        Duration interval();

        /** After start, how long before the first regeneration (the service is up and the database found). */
        @WithDefault("30s")
        Duration firstDelay();

        /**
         * Where the packs are written: this site's own disk (copy them from there to each unit's
         * downtime PC, docs/operations.md). Only the service account can read them.
         */
        @WithDefault("data/packs")
        Path directory();

        /** Packs kept per unit (the newest first); older ones are deleted. */
        @WithDefault("3")
        int keep();

        /** Latest notes per patient in a pack. */
        @WithDefault("3")
        int notes();

        /** The time zone printed times are in. */
        @WithDefault("Europe/Paris")
        java.time.ZoneId zone();
    }

    interface Audit {
        /** How long audit events are kept before the purge job deletes them (default about 6 months). */
        @WithDefault("P183D")
        Duration retention();

        /**
         * Local append-only file where audit events wait while the database refuses writes.
         * Must be on persistent storage (a volume in Kubernetes).
         */
        @WithDefault("data/audit-journal.ndjson")
        Path journal();

        /** How often journaled events are tried against the database again. */
        @WithDefault("2s")
        Duration replayInterval();

        /** When the retention purge runs (Quartz-style cron). */
        @WithDefault("0 17 3 * * ?")
        String purgeCron();

        /**
         * Longest one batch of the purge's delete may run (PostgreSQL's statement timeout, which
         * it disarms before the commit: the wait for the synchronous standby is not limited).
         */
        @WithDefault("30s")
        Duration purgeStatementTimeout();

        /** Most events written in one batch insert. */
        @WithDefault("500")
        int batchSize();

        /**
         * Largest the local journal may grow (a long read-only period: roughly 400 bytes an
         * event). Past it, audited requests are refused rather than served unaudited.
         */
        @WithDefault("512M")
        io.quarkus.runtime.configuration.MemorySize journalMaxSize();

        /** Share of {@link #journalMaxSize()} past which the status page shows records degraded. */
        @WithDefault("0.5")
        double journalWarnRatio();
    }
}
