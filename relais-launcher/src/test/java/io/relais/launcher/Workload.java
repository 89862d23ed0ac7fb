package io.relais.launcher;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * What the hospital's applications do during the drill: writers add notes to patients' records
 * with an Idempotency-Key, trying their own site's gateway then the other, and retry with the
 * same key until acknowledged; readers fetch patient summaries through one gateway, with no
 * failover of their own, so that every failed read is the suite's.
 */
final class Workload implements AutoCloseable {

    /**
     * An acknowledged write: its marker (the note's text), when its successful attempt started,
     * when it was acknowledged, and the site that served it (the gateway's X-Relais-Site).
     */
    record Write(String marker, long startedNanos, long attemptStartedNanos, long acknowledgedNanos, int attempts,
                 String servedBy) {

        Duration latency() {
            return Duration.ofNanos(acknowledgedNanos - startedNanos);
        }
    }

    /** A read that did not answer 200, and why. */
    record FailedRead(String gateway, long atNanos, String why) {
    }

    private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final String token;
    private final List<String> patients;
    private final ExecutorService clients = Executors.newCachedThreadPool();
    private final Queue<Write> acknowledged = new ConcurrentLinkedQueue<>();
    private final Queue<String> abandoned = new ConcurrentLinkedQueue<>();
    private final Queue<FailedRead> failedReads = new ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicInteger fhirReads = new java.util.concurrent.atomic.AtomicInteger();
    private final Queue<Long> fhirAnswered = new ConcurrentLinkedQueue<>();
    private final Queue<String> unexpected = new ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicLong reads = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean running = true;

    Workload(String token, List<String> patients) {
        this.token = token;
        this.patients = patients;
    }

    /** A client at one site: writes through {@code home}, then {@code other} when home fails. */
    Workload writer(String home, String other) {
        clients.execute(() -> {
            while (running) {
                write(List.of(home, other));
                pause();
            }
        });
        return this;
    }

    /** A client reading summaries through one gateway only. */
    Workload reader(String gateway) {
        clients.execute(() -> {
            while (running) {
                read(gateway);
                pause();
            }
        });
        return this;
    }

    /**
     * A FHIR application (HAPI's IGenericClient) reading through one gateway: a Patient read, a
     * search by family name and the $summary Bundle, in turn. Its failures are failed reads.
     */
    Workload fhirReader(String gateway) {
        FhirContext fhir = FhirContext.forR4Cached();
        fhir.getRestfulClientFactory().setSocketTimeout(10_000);
        IGenericClient client = fhir.newRestfulGenericClient(gateway + "/api/records/fhir/r4");
        client.registerInterceptor(new BearerTokenAuthInterceptor(token));
        clients.execute(() -> {
            int turn = 0;
            while (running) {
                String patient = patients.get(ThreadLocalRandom.current().nextInt(patients.size()));
                long at = System.nanoTime();
                try {
                    switch (turn++ % 3) {
                        case 0 -> client.read().resource(Patient.class).withId(patient).execute();
                        case 1 -> client.search().forResource(Patient.class).where(Patient.FAMILY.matches().value("exercice"))
                                .count(5).returnBundle(Bundle.class).execute();
                        default -> client.operation().onInstance(new IdType("Patient", patient)).named("$summary")
                                .withNoParameters(Parameters.class).useHttpGet().returnResourceType(Bundle.class).execute();
                    }
                    fhirReads.incrementAndGet();
                    fhirAnswered.add(System.nanoTime());
                } catch (RuntimeException e) {
                    fhirReads.incrementAndGet();
                    failedReads.add(new FailedRead(gateway + " (FHIR)", at, e.toString()));
                }
                pause();
            }
        });
        return this;
    }

    int fhirReads() {
        return fhirReads.get();
    }

    /** FHIR reads answered after {@code nanos} (System.nanoTime()). */
    long fhirReadsAnsweredAfter(long nanos) {
        return fhirAnswered.stream().filter(t -> t > nanos).count();
    }

    private void write(List<String> gateways) {
        String marker = "drill " + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        String patient = patients.get(ThreadLocalRandom.current().nextInt(patients.size()));
        String body = "{\"kind\":\"note\",\"display\":\"Exercice de coupure\",\"text\":\"" + marker + "\"}";
        long started = System.nanoTime();
        int attempts = 0;
        // Once begun, a write is retried to the end even if the drill is stopping: a client that
        // gives up mid-way would leave an unknown outcome, which is not what is measured here.
        while (System.nanoTime() - started < GIVE_UP_AFTER.toNanos()) {
            for (String gateway : gateways) {
                attempts++;
                long attemptStarted = System.nanoTime();
                try {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                    URI.create(gateway + "/api/records/patients/" + patient + "/entries"))
                            .timeout(Duration.ofSeconds(5))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .header("Idempotency-Key", key)
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                    int status = response.statusCode();
                    if (status == 201) {
                        acknowledged.add(new Write(marker, started, attemptStarted, System.nanoTime(), attempts,
                                response.headers().firstValue("X-Relais-Site").orElse("?")));
                        return;
                    }
                    if (status != 409 && status < 500) {
                        unexpected.add("write " + status + " via " + gateway + ": " + response.body());
                        return;
                    }
                } catch (java.io.IOException timeoutOrRefused) {
                    // The gateway or its site is gone: next gateway, same key.
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            sleep(100);
        }
        abandoned.add(marker);
    }

    private void read(String gateway) {
        String patient = patients.get(ThreadLocalRandom.current().nextInt(patients.size()));
        long at = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create(gateway + "/api/records/patients/" + patient + "/summary"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
            reads.incrementAndGet();
            if (response.statusCode() != 200) {
                failedReads.add(new FailedRead(gateway, at, response.statusCode() + " " + response.body()));
            }
        } catch (java.io.IOException e) {
            reads.incrementAndGet();
            failedReads.add(new FailedRead(gateway, at, e.toString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pause() {
        sleep(10 + ThreadLocalRandom.current().nextInt(20));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    List<Write> acknowledged() {
        return new ArrayList<>(acknowledged);
    }

    List<String> abandoned() {
        return new ArrayList<>(abandoned);
    }

    List<FailedRead> failedReads() {
        return new ArrayList<>(failedReads);
    }

    List<String> unexpected() {
        return new ArrayList<>(unexpected);
    }

    long reads() {
        return reads.get();
    }

    /** Stops issuing new requests and waits for the ones in flight (a write in progress is retried to its end). */
    @Override
    public void close() throws InterruptedException {
        running = false;
        clients.shutdown();
        if (!clients.awaitTermination(90, TimeUnit.SECONDS)) {
            clients.shutdownNow();
        }
    }
}
