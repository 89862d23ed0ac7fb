package io.relais.gateway.proxy;

import io.relais.gateway.upstream.FailureKind;

import java.util.function.BooleanSupplier;

/**
 * What the gateway does after an attempt failed — the whole decision, as a function of typed
 * facts, so that its table can be read and tested without a network:
 *
 * <ul>
 *   <li>the client left: abandon (nobody reads the answer, no other site is loaded);</li>
 *   <li>another site may be tried when nothing reached this one (refused connection, open breaker,
 *       read-only refusal), or when replaying cannot apply the request twice: a safe method, or a
 *       POST with an Idempotency-Key — and never once a streamed body has been consumed. A retry
 *       after an upstream did work spends the retry budget; skipping a site that got nothing is
 *       routing and free;</li>
 *   <li>every site tried, a read met a plain 503 (a service that lost its database connections a
 *       moment ago): a new round, at most {@code maxRetryRounds}, spending the budget;</li>
 *   <li>otherwise the upstream's own 5xx answer is delivered when there is one, or the gateway gives
 *       up with its own problem.</li>
 * </ul>
 */
public final class FailoverPolicy {

    /** The next step of an exchange. */
    public enum Next { TRY_NEXT_SITE, RETRY_ROUND, DELIVER_ANSWER, GIVE_UP, ABANDON }

    /**
     * The facts about an exchange when an attempt has failed.
     *
     * @param kind             how this attempt failed
     * @param answered         the upstream answered (a 502/503/504 the gateway could pass on)
     * @param safe             GET, HEAD or OPTIONS
     * @param keyedPost        a POST carrying an Idempotency-Key
     * @param bodyConsumed     a streamed (unbuffered) body has been sent: it cannot be sent again
     * @param candidateLeft    an untried site remains in this round
     * @param unavailableKind  the kind of the last attempt of this exchange that answered 503, or null
     * @param retryRounds      rounds already started after the first
     * @param maxRetryRounds   rounds allowed after the first
     */
    public record Facts(FailureKind kind, boolean answered, boolean safe, boolean keyedPost, boolean bodyConsumed,
                        boolean candidateLeft, FailureKind unavailableKind, int retryRounds, int maxRetryRounds) {
    }

    /** The step, and whether the retry budget said no on the way (said in the client's problem). */
    public record Decision(Next next, boolean budgetExhausted) {
    }

    private FailoverPolicy() {
    }

    /** Decides; {@code retryBudget} is asked (and spent) only when the step is a retry that costs. */
    public static Decision decide(Facts facts, BooleanSupplier retryBudget) {
        FailureKind kind = facts.kind();
        if (kind == FailureKind.CLIENT_GONE) {
            return new Decision(Next.ABANDON, false);
        }
        boolean another = mayReplay(facts) && facts.candidateLeft();
        boolean exhausted = false;
        if (another && !kind.nothingSent() && !retryBudget.getAsBoolean()) {
            exhausted = true;
            another = false;
        }
        if (another) {
            return new Decision(Next.TRY_NEXT_SITE, false);
        }
        // A read-only refusal is a write refused on purpose: asking again would not change it.
        if (facts.unavailableKind() == FailureKind.STATUS && facts.safe() && facts.retryRounds() < facts.maxRetryRounds()
                && retryBudget.getAsBoolean()) {
            return new Decision(Next.RETRY_ROUND, exhausted);
        }
        return new Decision(facts.answered() ? Next.DELIVER_ANSWER : Next.GIVE_UP, exhausted);
    }

    private static boolean mayReplay(Facts facts) {
        // A streamed body that has been sent is gone, whatever the upstream did with it.
        if (facts.bodyConsumed()) {
            return false;
        }
        return facts.kind().nothingSent() || facts.safe() || facts.keyedPost();
    }
}
