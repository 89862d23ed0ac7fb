package io.relais.gateway;

import io.relais.gateway.proxy.FailoverPolicy;
import io.relais.gateway.proxy.FailoverPolicy.Decision;
import io.relais.gateway.proxy.FailoverPolicy.Facts;
import io.relais.gateway.proxy.FailoverPolicy.Next;
import io.relais.gateway.upstream.FailureKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The gateway's whole "what next after this attempt" table, without a network: each row is a
 * situation a client or an operator would recognise, and the step the gateway must take.
 */
class FailoverPolicyTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # situation                                             | kind      | answered | method     | consumed | left | unavailable | rounds | budget | next          | exhausted | spent
            GET, site refused the connection                        | CONNECT   | false    | GET        | false    | true | -           | 0      | 0      | TRY_NEXT_SITE | false     | 0
            GET, breaker open: routing, costs no budget             | NOT_SENT  | false    | GET        | false    | true | -           | 0      | 0      | TRY_NEXT_SITE | false     | 0
            GET timed out, budget left                              | TIMEOUT   | false    | GET        | false    | true | -           | 0      | 5      | TRY_NEXT_SITE | false     | 1
            GET timed out, budget spent                             | TIMEOUT   | false    | GET        | false    | true | -           | 0      | 0      | GIVE_UP       | true      | 0
            GET answered 502, budget spent: that answer             | STATUS    | true     | GET        | false    | true | -           | 0      | 0      | DELIVER_ANSWER| true      | 0
            POST without key timed out: never replayed              | TIMEOUT   | false    | POST       | false    | true | -           | 0      | 5      | GIVE_UP       | false     | 0
            POST without key answered 503: that answer              | STATUS    | true     | POST       | false    | true | STATUS      | 0      | 5      | DELIVER_ANSWER| false     | 0
            POST without key, connection refused: replayed free     | CONNECT   | false    | POST       | false    | true | -           | 0      | 0      | TRY_NEXT_SITE | false     | 0
            POST with Idempotency-Key timed out: replayed           | TIMEOUT   | false    | KEYED_POST | false    | true | -           | 0      | 5      | TRY_NEXT_SITE | false     | 1
            PUT reset mid-answer: never replayed                    | RESET     | false    | PUT        | false    | true | -           | 0      | 5      | GIVE_UP       | false     | 0
            write refused read-only: other site tried free          | READ_ONLY | true     | POST       | false    | true | READ_ONLY   | 0      | 0      | TRY_NEXT_SITE | false     | 0
            write refused read-only everywhere: that answer         | READ_ONLY | true     | POST       | false    | false| READ_ONLY   | 0      | 5      | DELIVER_ANSWER| false     | 0
            streamed body sent, then read-only: cannot resend       | READ_ONLY | true     | KEYED_POST | true     | true | READ_ONLY   | 0      | 5      | DELIVER_ANSWER| false     | 0
            streamed body sent, then timeout: cannot resend         | TIMEOUT   | false    | KEYED_POST | true     | true | -           | 0      | 5      | GIVE_UP       | false     | 0
            GET, every site tried, one answered 503: new round      | STATUS    | true     | GET        | false    | false| STATUS      | 0      | 5      | RETRY_ROUND   | false     | 1
            GET, second round over: that answer                     | STATUS    | true     | GET        | false    | false| STATUS      | 2      | 5      | DELIVER_ANSWER| false     | 0
            GET, every site tried, 503 seen, budget spent           | STATUS    | true     | GET        | false    | false| STATUS      | 0      | 0      | DELIVER_ANSWER| false     | 0
            GET, last site refused, 503 seen before: new round      | CONNECT   | false    | GET        | false    | false| STATUS      | 1      | 5      | RETRY_ROUND   | false     | 1
            GET, every site down, no 503 seen: give up              | CONNECT   | false    | GET        | false    | false| -           | 0      | 5      | GIVE_UP       | false     | 0
            POST, every site tried, 503 seen: no round for a write  | STATUS    | true     | KEYED_POST | false    | false| STATUS      | 0      | 5      | DELIVER_ANSWER| false     | 0
            client left: nothing more                               | CLIENT_GONE| false   | GET        | false    | true | -           | 0      | 5      | ABANDON       | false     | 0
            """)
    void nextStep(String situation, FailureKind kind, boolean answered, String method, boolean consumed, boolean left,
                  String unavailable, int rounds, int budget, Next next, boolean exhausted, int spent) {
        AtomicInteger remaining = new AtomicInteger(budget);
        AtomicInteger asked = new AtomicInteger();
        Facts facts = new Facts(kind, answered, method.equals("GET"), method.equals("KEYED_POST"), consumed, left,
                unavailable.equals("-") ? null : FailureKind.valueOf(unavailable), rounds, 2);
        Decision decision = FailoverPolicy.decide(facts, () -> {
            asked.incrementAndGet();
            return remaining.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        });
        assertEquals(next, decision.next(), situation);
        assertEquals(exhausted, decision.budgetExhausted(), situation + ": budget exhausted");
        assertEquals(spent, budget - remaining.get(), situation + ": retries taken from the budget");
    }
}
