package io.relais.status;

import io.relais.status.component.ComponentStatus;
import io.relais.status.probe.ProbeResult;
import io.relais.status.probe.TargetState;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hysteresis: one lost probe is not an outage, one lucky answer is not a recovery. */
class TargetStateTest {

    private static final ProbeResult OK = new ProbeResult(true, 5, false, null);
    private static final ProbeResult FAIL = ProbeResult.failed(500, io.relais.status.probe.ProbeDetail.of(io.relais.status.probe.ProbeDetail.Kind.REFUSED));

    @Test
    void ittakesTwoFailuresToGoDownAndTwoSuccessesToComeBack() {
        TargetState state = new TargetState(2, 2, 800);
        Instant t = Instant.parse("2026-12-01T00:00:00Z");
        assertFalse(state.record(OK, t), "first probe up: shown status stays operational");
        assertFalse(state.record(FAIL, t.plusSeconds(2)));
        assertEquals(ComponentStatus.OPERATIONAL, state.status(), "one failure is not an outage");
        assertTrue(state.record(FAIL, t.plusSeconds(4)));
        assertEquals(ComponentStatus.MAJOR_OUTAGE, state.status());
        assertEquals(t.plusSeconds(4), state.since());
        assertFalse(state.record(OK, t.plusSeconds(6)));
        assertEquals(ComponentStatus.MAJOR_OUTAGE, state.status(), "one success is not a recovery");
        assertFalse(state.record(FAIL, t.plusSeconds(8)));
        assertFalse(state.record(OK, t.plusSeconds(10)));
        assertTrue(state.record(OK, t.plusSeconds(12)));
        assertEquals(ComponentStatus.OPERATIONAL, state.status());
    }

    @Test
    void theFirstProbeDecidesAtOnce() {
        TargetState state = new TargetState(2, 2, 800);
        assertTrue(state.record(FAIL, Instant.now()));
        assertEquals(ComponentStatus.MAJOR_OUTAGE, state.status());
    }

    @Test
    void slowOrReadOnlyAnswersAreDegraded() {
        TargetState state = new TargetState(2, 2, 800);
        state.record(new ProbeResult(true, 900, false, null), Instant.now());
        assertEquals(ComponentStatus.DEGRADED_PERFORMANCE, state.status());
        assertEquals("slow (900 ms)", state.detail().english());
        state.record(new ProbeResult(true, 10, true, null), Instant.now());
        assertEquals(ComponentStatus.DEGRADED_PERFORMANCE, state.status());
        assertEquals(io.relais.status.probe.ProbeDetail.Kind.DEGRADED, state.detail().kind());
        state.record(OK, Instant.now());
        assertEquals(ComponentStatus.OPERATIONAL, state.status());
    }

    @Test
    void aComponentThatHasNeverAnsweredIsNotYetCountedInItsUptime() {
        TargetState starting = new TargetState(2, 2, 800);
        Instant t = Instant.parse("2026-12-01T00:00:00Z");
        starting.record(FAIL, t);
        starting.record(FAIL, t.plusSeconds(2));
        assertEquals(ComponentStatus.MAJOR_OUTAGE, starting.status(), "shown down while it starts");
        assertEquals(null, starting.firstAnswered(), "never answered: its uptime has not started");
        starting.record(OK, t.plusSeconds(4));
        assertEquals(t.plusSeconds(4), starting.firstAnswered());
        starting.record(FAIL, t.plusSeconds(6));
        starting.record(FAIL, t.plusSeconds(8));
        assertEquals(t.plusSeconds(4), starting.firstAnswered(), "a later outage counts as downtime");
    }
}
