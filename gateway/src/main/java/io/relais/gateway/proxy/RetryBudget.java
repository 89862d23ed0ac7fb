package io.relais.gateway.proxy;

import io.relais.gateway.config.GatewayConfig;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;

import java.util.function.LongSupplier;

/**
 * Failover attempts limited to a fraction of live traffic over the last 10 s, with a small
 * floor (Envoy's retry budget): during a total outage the survivors see at most that fraction
 * of extra load instead of double.
 */
@Singleton
public class RetryBudget {

    private static final int WINDOW_SECONDS = 10;

    private final long[] requests = new long[WINDOW_SECONDS];
    private final long[] retries = new long[WINDOW_SECONDS];
    private final long[] second = new long[WINDOW_SECONDS];
    private final double ratio;
    private final int minPerSecond;
    private final LongSupplier nanoTime;

    @Inject
    public RetryBudget(GatewayConfig config) {
        this(config.retryBudget().ratio(), config.retryBudget().minPerSecond(), System::nanoTime);
    }

    /** A budget on its own clock, for tests that step time instead of waiting for it. */
    public RetryBudget(double ratio, int minPerSecond, LongSupplier nanoTime) {
        this.ratio = ratio;
        this.minPerSecond = minPerSecond;
        this.nanoTime = nanoTime;
    }

    public synchronized void onRequest() {
        requests[bucket()]++;
    }

    /** Takes one failover from the budget, or says no. */
    public synchronized boolean tryRetry() {
        int now = bucket();
        long windowRequests = 0;
        long windowRetries = 0;
        for (int i = 0; i < WINDOW_SECONDS; i++) {
            windowRequests += requests[i];
            windowRetries += retries[i];
        }
        if (windowRetries >= Math.max((long) minPerSecond * WINDOW_SECONDS, (long) (ratio * windowRequests))) {
            return false;
        }
        retries[now]++;
        return true;
    }

    private int bucket() {
        long nowSecond = nanoTime.getAsLong() / 1_000_000_000L;
        int index = (int) (nowSecond % WINDOW_SECONDS);
        if (second[index] != nowSecond) {
            second[index] = nowSecond;
            requests[index] = 0;
            retries[index] = 0;
        }
        return index;
    }
}
