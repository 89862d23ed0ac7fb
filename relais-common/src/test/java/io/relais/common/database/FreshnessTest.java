package io.relais.common.database;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FreshnessTest {

    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
    private static final Instant REPLAYED = Instant.parse("2026-11-30T09:40:00Z");

    @Test
    void aPrimarysDataIsCurrent() {
        Freshness f = Freshness.of(false, null, false, NOW);
        assertEquals(NOW, f.asOf());
        assertFalse(f.stale());
        assertFalse(f.standby());
    }

    @Test
    void aStreamingStandbyIsAsRecentAsItsLastReplayAndNotStale() {
        Freshness f = Freshness.of(true, REPLAYED, true, NOW);
        assertEquals(REPLAYED, f.asOf());
        assertFalse(f.stale());
        assertTrue(f.standby());
    }

    @Test
    void aStandbyNobodyFeedsIsStaleAsOfItsLastReplay() {
        Freshness f = Freshness.of(true, REPLAYED, false, NOW);
        assertEquals(REPLAYED, f.asOf());
        assertTrue(f.stale());
        assertEquals("2026-11-30T09:40:00Z", f.asOfText());
    }

    @Test
    void aStandbyRestartedDuringTheOutageSaysUnknownNeverNow() {
        Freshness f = Freshness.of(true, null, false, NOW);
        assertNull(f.asOf());
        assertTrue(f.stale());
        assertEquals("unknown", f.asOfText());
    }
}
