package io.relais.local.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Freezes a server's processes (SIGSTOP, as a stalled VM or a paused hypervisor would) and
 * resumes them (SIGCONT), for the drills and tests that need a standby that neither answers nor
 * dies.
 *
 * <p>The processes are listed again after each round of signals: a backend may end between the
 * listing and the signal (that is not a failure: it is gone), and the postmaster may start one
 * until it is stopped itself (that one must be stopped too).
 */
public final class Freeze {

    private static final int ROUNDS = 5;

    private Freeze() {
    }

    public static void stop(Supplier<List<ProcessHandle>> processes) {
        signal("STOP", processes);
    }

    public static void resume(Supplier<List<ProcessHandle>> processes) {
        signal("CONT", processes);
    }

    private static void signal(String signal, Supplier<List<ProcessHandle>> processes) {
        Set<Long> signalled = new HashSet<>();
        for (int round = 0; round < ROUNDS; round++) {
            List<ProcessHandle> pending = processes.get().stream().filter(p -> !signalled.contains(p.pid())).toList();
            if (pending.isEmpty()) {
                break;
            }
            for (ProcessHandle process : pending) {
                if (send(signal, process) || !process.isAlive()) {
                    signalled.add(process.pid());
                } else {
                    throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed while the process"
                            + " is still running: run it by hand to see why (permissions?)");
                }
            }
        }
        if (signalled.isEmpty()) {
            throw new IllegalStateException("No process to send SIG" + signal + " to: is the server running?");
        }
    }

    private static boolean send(String signal, ProcessHandle process) {
        try {
            return new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor() == 0;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run kill (procps) to send SIG" + signal, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while sending SIG" + signal + " to " + process.pid(), e);
        }
    }
}
