package io.relais.directory.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.ZoneId;

/** directory-service settings (prefix {@code directory}). */
@ConfigMapping(prefix = "directory")
public interface DirectoryConfig {

    /** The hospitals' time zone: printed exports and local times in rota imports use it. */
    @WithDefault("Europe/Paris")
    ZoneId zone();

    Imports imports();

    Exports exports();

    interface Imports {
        /** Largest file accepted, in rows (the whole group's staff fits comfortably). */
        @WithDefault("100000")
        int maxRows();

        /** Errors reported for a bad file; counting goes on past them. */
        @WithDefault("200")
        int maxReportedErrors();

        /**
         * Files with more rows are imported as a job (202 and the job's URL): a 20,000-person HR
         * file takes longer than the gateway waits for an answer (10 s).
         */
        @WithDefault("5000")
        int asyncAboveRows();

        /** A running job whose heartbeat is older belonged to an instance that died: it runs again. */
        @WithDefault("60s")
        java.time.Duration staleAfter();
    }

    interface Exports {
        /** Longest on-call list that can be exported at once, in days. */
        @WithDefault("62")
        int maxDays();
    }
}
