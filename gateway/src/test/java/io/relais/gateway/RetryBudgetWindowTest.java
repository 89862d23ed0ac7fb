package io.relais.gateway;

import io.relais.gateway.proxy.RetryBudget;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The retry budget's arithmetic on a stepped clock: a fraction of the last 10 s of traffic, with a floor. */
class RetryBudgetWindowTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);

    @Test
    void retriesAreCappedAtTheRatioOfRecentRequests() {
        RetryBudget budget = new RetryBudget(0.2, 0, now::get);
        for (int i = 0; i < 100; i++) {
            budget.onRequest();
        }
        assertEquals(20, granted(budget, 50), "20 % of 100 requests");
    }

    @Test
    void aQuietGatewayStillHasTheFloorPerSecondOfWindow() {
        RetryBudget budget = new RetryBudget(0.2, 3, now::get);
        assertEquals(30, granted(budget, 100), "3 per second over a 10 s window, with no traffic at all");
    }

    @Test
    void spentRetriesComeBackWhenTheirSecondLeavesTheWindow() {
        RetryBudget budget = new RetryBudget(0.5, 0, now::get);
        for (int i = 0; i < 10; i++) {
            budget.onRequest();
        }
        assertEquals(5, granted(budget, 10));
        assertFalse(budget.tryRetry());
        now.addAndGet(5_000_000_000L);
        assertFalse(budget.tryRetry(), "5 s later the same requests and retries are still in the window");
        now.addAndGet(6_000_000_000L);
        for (int i = 0; i < 2; i++) {
            budget.onRequest();
        }
        assertTrue(budget.tryRetry(), "11 s later only the new traffic counts");
        assertEquals(0, granted(budget, 5), "half of 2 requests is 1, already taken");
    }

    private static int granted(RetryBudget budget, int asked) {
        int granted = 0;
        for (int i = 0; i < asked; i++) {
            if (budget.tryRetry()) {
                granted++;
            }
        }
        return granted;
    }
}
