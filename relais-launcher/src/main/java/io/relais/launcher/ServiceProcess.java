package io.relais.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service instance run as a child JVM, its output in a log file; in Patroni mode it is
 * started inside its site's network namespace ({@code launchPrefix}: {@code ip netns exec …}).
 */
final class ServiceProcess {

    private final String name;
    private final Path jar;
    private final String host;
    private final int port;
    private final List<String> launchPrefix;
    private final Map<String, String> environment;
    private final Path log;
    private final ServiceJvm jvm;
    private Process process;

    ServiceProcess(String name, Path jar, ServiceJvm jvm, String host, int port, List<String> launchPrefix,
                   Map<String, String> environment, Path log) {
        this.name = name;
        this.jar = jar;
        this.jvm = jvm;
        this.host = host;
        this.port = port;
        this.launchPrefix = List.copyOf(launchPrefix);
        this.environment = environment;
        this.log = log;
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    String url() {
        return "http://" + host + ":" + port;
    }

    /** Where a process listening on {@code port} serves its management interface. */
    static int managementPort(int port) {
        return port + 100;
    }

    String managementUrl() {
        return "http://" + host + ":" + managementPort(port);
    }

    Path jar() {
        return jar;
    }

    Map<String, String> environment() {
        return Map.copyOf(environment);
    }

    Path log() {
        return log;
    }

    void start() throws IOException {
        start(false);
    }

    /**
     * The same service {@code shift} ports above, run after {@code prefix} (such as {@code nice}),
     * with {@code overrides} replacing those of its variables it has, logging beside its own log:
     * a second instance that shares nothing with this one but its databases.
     */
    ServiceProcess beside(int shift, Map<String, String> overrides, List<String> prefix) {
        Map<String, String> env = new java.util.LinkedHashMap<>(environment);
        overrides.forEach((key, value) -> env.computeIfPresent(key, (k, old) -> value));
        List<String> launch = new ArrayList<>(launchPrefix);
        launch.addAll(prefix);
        String file = log.getFileName().toString();
        return new ServiceProcess(name, jar, jvm, host, port + shift, launch, env,
                log.resolveSibling(file.substring(0, file.length() - ".log".length()) + "-training.log"));
    }

    /** Starts it recording its AOT cache, written when it stops ({@link ServiceJvm#keepTrained}). */
    void startTraining() throws IOException {
        start(true);
    }

    private void start(boolean training) throws IOException {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build first with './mvnw -DskipTests install' (./relais up does it)");
        }
        // In a site's own network namespace nothing else listens; on loopback, another stack might.
        for (int wanted : launchPrefix.isEmpty() ? new int[] {port, managementPort(port)} : new int[0]) {
            try (java.net.ServerSocket probe = new java.net.ServerSocket(wanted, 1, java.net.InetAddress.getByName("0.0.0.0"))) {
                probe.setReuseAddress(true);
            } catch (IOException busy) {
                throw new IllegalStateException("Port " + wanted + " for " + name + " is already in use: stop the other"
                        + " './relais up' (or whatever listens there: 'ss -ltnp | grep " + wanted + "') and retry");
            }
        }
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(launchPrefix);
        command.addAll(jvm.command(jar, training));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("MALLOC_ARENA_MAX", "2");
        builder.environment().putAll(environment);
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        // The gateway serves clients from its own server (gateway.listen.port); the services ignore it.
        builder.environment().put("GATEWAY_LISTEN_PORT", String.valueOf(port));
        builder.environment().put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort(port)));
        process = builder.start();
    }

    /** Waits until /q/health/ready answers 200; fails with the log's path. Returns how long it took. */
    Duration awaitReady(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        Instant started = Instant.now();
        boolean ready = Poll.until(timeout, Duration.ofMillis(200), () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue() + " while starting; last"
                        + " lines of " + log + ":\n" + tail(20));
            }
            try {
                return http.send(HttpRequest.newBuilder(URI.create(managementUrl() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            }
        });
        if (!ready) {
            throw new IllegalStateException(name + " not ready after " + timeout.toSeconds() + " s; see " + log);
        }
        return Duration.between(started, Instant.now());
    }

    /** The last lines of the log, so that a failed start says why where it is reported (CI output included). */
    private String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | java.io.UncheckedIOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The JVM and anything it started: what a power cut kills. */
    List<ProcessHandle> processes() {
        if (!isAlive()) {
            return List.of();
        }
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        return all;
    }

    String describe() {
        return isAlive() ? name + " pid " + process.pid() : name + " down";
    }

    void stop() {
        stop(Duration.ofSeconds(15));
    }

    /** SIGTERM, then SIGKILL after {@code grace}; a training run needs longer, to write its cache. */
    void stop(Duration grace) {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
