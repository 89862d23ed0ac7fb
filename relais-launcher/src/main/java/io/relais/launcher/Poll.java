package io.relais.launcher;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for a condition checked on a schedule — the launcher's one way of waiting for a process. */
final class Poll {

    private Poll() {
    }

    /**
     * Checks {@code condition} every {@code interval} until it holds; a check that throws ends the
     * wait with that exception.
     *
     * @return true when the condition held, false when {@code timeout} passed first
     */
    static boolean until(Duration timeout, Duration interval, Callable<Boolean> condition) throws Exception {
        CompletableFuture<Boolean> held = new CompletableFuture<>();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "relais-poll");
            t.setDaemon(true);
            return t;
        });
        try {
            scheduler.scheduleWithFixedDelay(() -> {
                try {
                    if (condition.call()) {
                        held.complete(true);
                    }
                } catch (Exception e) {
                    held.completeExceptionally(e);
                }
            }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
            return held.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            scheduler.shutdownNow();
        }
    }
}
