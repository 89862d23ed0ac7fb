package io.relais.launcher;

import io.relais.local.identity.DevKeys;
import io.relais.local.identity.DevTokens;
import io.relais.local.postgres.EmbeddedPostgresCluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Two sites on one machine: at each, a PostgreSQL, the three services and a gateway. What keeps
 * the databases highly available is the subclass's: the launcher's own stand-in
 * ({@link StandInStack}, embedded PostgreSQL, JDK only) or Patroni with an etcd witness
 * ({@link PatroniStack}, Debian packages, each site in its own network namespace). Both answer
 * the same commands: power-off, power-on, status, switchover, promote, partition, heal.
 */
abstract class LocalStack implements AutoCloseable {

    /** Where and how to run: the run directory, the sites' gateway ports and the HA timings. */
    record Options(Path runDirectory, Path repository, Map<String, Integer> gatewayPorts, Duration failoverAfter,
                   Duration asyncAfter, Duration packInterval) {

        /**
         * The README's stack: gateways on 8080 and 9080, timings from RELAIS_FAILOVER_AFTER / RELAIS_ASYNC_AFTER,
         * downtime packs every RELAIS_PACKS_INTERVAL seconds (5 min: a demo shows them without waiting 15).
         */
        static Options local(Path runDirectory) {
            Map<String, Integer> ports = new LinkedHashMap<>();
            ports.put("a", 8080);
            ports.put("b", 9080);
            return new Options(runDirectory, Path.of(""), ports,
                    seconds("RELAIS_FAILOVER_AFTER", "3"), seconds("RELAIS_ASYNC_AFTER", "1"),
                    seconds("RELAIS_PACKS_INTERVAL", "300"));
        }

        private static Duration seconds(String variable, String fallback) {
            String value = System.getenv().getOrDefault(variable, fallback);
            try {
                return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(variable + " must be a number of seconds, such as 3 or 0.5, not " + value);
            }
        }
    }

    private static final int EVENTS_KEPT = 20;

    final Options options;
    final DevKeys keys;
    private final List<Consumer<String>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    final Consumer<String> out = line -> listeners.forEach(listener -> listener.accept(line));
    final Map<String, Site> sites = new LinkedHashMap<>();
    /** Each service's database and roles, the same at both sites (replication copies them). */
    final Map<String, EmbeddedPostgresCluster.ServiceDatabase> databases = new LinkedHashMap<>();
    private final Deque<String> events = new ArrayDeque<>();
    final HaAnnouncements announce;
    private final ServiceJvm jvm;
    private volatile Callable<?> firstSiteWork;
    private volatile boolean trainBeside;
    private volatile boolean stopping;
    /** A training run beside the stack ({@link #trainAotCachesBeside}), stopped with it when not done. */
    private final List<ServiceProcess> trainingBeside = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final SiteProcesses wiring;
    /** Settings for './mvnw quarkus:dev' against this stack's databases (removed by {@link #close}). */
    final DevModeConfig devMode;

    /** @param address where a site's processes listen, by site name */
    LocalStack(Options options, DevKeys keys, Consumer<String> console, UnaryOperator<String> address) {
        this.options = options;
        this.keys = keys;
        listeners.add(console);
        options.gatewayPorts().forEach((name, port) -> sites.put(name,
                new Site(name, address.apply(name), port, options.runDirectory().resolve(Site.DIRECTORY_PREFIX + name))));
        this.jvm = ServiceJvm.find(out);
        this.wiring = new SiteProcesses(options, keys, sites, databases, jvm);
        this.devMode = new DevModeConfig(options.runDirectory().resolveSibling("dev"));
        this.announce = new HaAnnouncements(new StatusAnnouncer(this::statusPagesPrimaryFirst,
                new DevTokens(keys).mint("relais-ha", "status-admin")));
    }

    /** Starts both sites and their HA, and waits until each gateway sees every service at both sites. */
    abstract void start() throws Exception;

    /**
     * Cuts a site's power: SIGKILL to every process of the site at once, PostgreSQL included.
     *
     * @return {@link System#nanoTime()} when the signals went out, the moment of the cut
     */
    abstract long powerOff(String site);

    /** Brings a site back: its database rejoins as a standby of the current primary, then its services start. */
    abstract void powerOn(String site) throws Exception;

    /** Planned move of the primary to the synchronous standby's site, losing nothing. */
    abstract void switchover() throws Exception;

    /** A person's decision to promote a standby that was not synchronous, accepting the loss. */
    abstract void forcePromote(String site) throws Exception;

    /** Cuts every link between a site and the others while its processes keep running. */
    void partition(String site) throws Exception {
        throw new IllegalStateException("Partitions need the Patroni mode, where each site has its own network namespace"
                + " and an etcd witness decides: './relais up --ha patroni'. The stand-in cannot tell a cut link from a"
                + " dead site, which is why it is not what runs in production.");
    }

    /** Restores the links {@link #partition} cut. */
    void heal() throws Exception {
        partition(null);
    }

    /** The site whose database takes writes now, or null when none does. */
    abstract Site primary();

    /** What './relais status' prints. */
    abstract String describe();

    /** Stops everything cleanly, services first, databases last. */
    @Override
    public abstract void close();

    /** The command that starts a process of {@code site} in the site's network, if it has one of its own. */
    List<String> launchPrefix(Site site) {
        return List.of();
    }

    /** Also sends progress lines to {@code listener} until the returned handle is closed (a control command's caller). */
    AutoCloseable listen(Consumer<String> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    Site site(String name) {
        Site site = sites.get(name);
        if (site == null) {
            throw new IllegalArgumentException("No site '" + name + "': the sites are " + String.join(", ", sites.keySet()));
        }
        return site;
    }

    List<Site> sites() {
        return List.copyOf(sites.values());
    }

    /** Role changes, newest last, as './relais status' shows them. */
    List<String> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** The tail of './relais status': role changes, newest last. */
    String recentRoleChanges() {
        StringBuilder text = new StringBuilder("recent role changes:\n");
        events().forEach(e -> text.append("  ").append(e).append('\n'));
        return text.toString();
    }

    void event(String what) {
        String line = LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + "  " + what;
        synchronized (events) {
            events.addLast(line);
            while (events.size() > EVENTS_KEPT) {
                events.removeFirst();
            }
        }
        out.accept("[relais-ha] " + line);
    }

    /** Status pages of the sites that are on, the primary's first: its database takes the incident. */
    List<String> statusPagesPrimaryFirst() {
        Site primary = primary();
        List<String> urls = new ArrayList<>();
        if (primary != null && primary.powered) {
            urls.add(primary.url("status"));
        }
        sites.values().stream().filter(s -> s.powered && s != primary).forEach(s -> urls.add(s.url("status")));
        return urls;
    }

    /**
     * Work that needs only the first site, done while the other sites' services start (the demo
     * data: seeding is mostly waiting for the synchronous standby, starting JVMs is CPU).
     */
    void whenFirstSiteReady(Callable<?> work) {
        this.firstSiteWork = work;
    }

    /**
     * Starts every site's services and gateway, site a first, and waits until each gateway sees
     * every service at both sites. Site a first: its services run the Flyway migrations on the
     * primary. Started at the same time, a site-b service whose driver settled on the standby
     * (preferPrimary falls back to it) would try to create the schema there and die; started
     * after, it finds it up to date.
     */
    void startServicesOfEverySite() throws Exception {
        Site first = sites.values().iterator().next();
        if (!trainBeside) {
            trainAotCaches(first);
        }
        for (Site site : sites.values()) {
            site.processes.addAll(processesOf(site));
            site.powered = true;
        }
        CompletableFuture<?> firstSiteDone = null;
        for (Site site : sites.values()) {
            out.accept("Starting the services of " + site.label() + "…");
            startProcesses(site.processes);
            if (firstSiteDone == null) {
                Callable<?> work = firstSiteWork != null ? firstSiteWork : () -> null;
                firstSiteDone = CompletableFuture.supplyAsync(() -> {
                    try {
                        return work.call();
                    } catch (Exception e) {
                        throw new CompletionException(e);
                    }
                });
            }
        }
        try {
            firstSiteDone.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        for (Site site : sites.values()) {
            awaitGatewaySeesEverySite(site);
        }
        devMode.write(sites(), databases, keys);
        if (trainBeside) {
            startTrainingBeside(first);
        }
    }

    /**
     * The first start after a build serves at once, on services without AOT caches, and trains
     * the caches afterwards beside the stack, at the lowest CPU priority, for the next starts
     * ({@code ./relais up}). Without it the caches are trained before the stack starts: the
     * drills, whose timings nothing else must compete with, and the benchmarks.
     */
    void trainAotCachesBeside() {
        trainBeside = true;
    }

    private void startTrainingBeside(Site site) {
        List<ServiceProcess> training = wiring.besideOf(site, launchPrefix(site)).stream()
                .filter(p -> jvm.needsTraining(p.jar())).toList();
        if (training.isEmpty()) {
            return;
        }
        trainingBeside.addAll(training);
        List<String> names = training.stream().map(ServiceProcess::name).toList();
        out.accept("Training the AOT caches of " + names + " beside the stack at low priority (once after each build,"
                + " about a minute; this start runs without them, the next ones start in a third of the time)…");
        Thread trainer = new Thread(() -> {
            try {
                long seconds = train(training);
                out.accept(String.format("  AOT caches of %s trained in %d s: the next starts use them.", names, seconds));
            } catch (Exception e) {
                out.accept("  AOT training stopped before it finished (" + (stopping ? "the stack stopped" : e.getMessage())
                        + "): the next start trains again.");
            } finally {
                trainingBeside.clear();
            }
        }, "relais-aot-training");
        trainer.setDaemon(true);
        trainer.start();
    }

    /** Stops the services of every site, and a training run beside them that has not finished (no cache kept). */
    void stopServices() {
        synchronized (trainingBeside) {
            stopping = true;
            // The JVM and the one it started to write the cache, or that one would go on writing it.
            trainingBeside.forEach(process -> process.processes().forEach(ProcessHandle::destroyForcibly));
        }
        sites.values().forEach(site -> site.processes.forEach(ServiceProcess::stop));
    }

    /**
     * Once after each build, when the services run on a JDK with AOT caches: starts {@code site}'s
     * services for real (the cache holds what a start loads and links, and the profiles of what it
     * ran), waits until they are ready and stops them; each writes its cache as it exits. The
     * first site's, against the primary: its services would run the migrations anyway.
     */
    void trainAotCaches(Site site) throws Exception {
        List<ServiceProcess> training = processesOf(site).stream().filter(p -> jvm.needsTraining(p.jar())).toList();
        if (training.isEmpty()) {
            return;
        }
        out.accept("Training the AOT caches of " + training.stream().map(ServiceProcess::name).toList()
                + " (once after each build, about a minute; later starts take a third of the time)…");
        out.accept(String.format("  trained in %d s", train(training)));
    }

    /** Starts the services recording their caches, stops them once ready and keeps what they wrote; seconds taken. */
    private long train(List<ServiceProcess> training) throws Exception {
        long started = System.nanoTime();
        // Never one started after the stack stopped: nothing would stop it.
        synchronized (trainingBeside) {
            if (stopping) {
                throw new IllegalStateException("the stack stopped meanwhile");
            }
            for (ServiceProcess process : training) {
                process.startTraining();
            }
        }
        for (ServiceProcess process : training) {
            process.awaitReady(Duration.ofSeconds(180));
        }
        out.accept("  started; writing the caches…");
        training.parallelStream().forEach(process -> process.stop(Duration.ofSeconds(180)));
        if (stopping) {
            throw new IllegalStateException("the stack stopped meanwhile");
        }
        for (ServiceProcess process : training) {
            jvm.keepTrained(process.jar());
        }
        return Math.round((System.nanoTime() - started) / 1e9);
    }

    void startProcesses(List<ServiceProcess> processes) throws Exception {
        for (ServiceProcess process : processes) {
            process.start();
        }
        for (ServiceProcess process : processes) {
            out.accept(String.format("  %-12s ready in %.1f s", process.name(),
                    process.awaitReady(Duration.ofSeconds(180)).toMillis() / 1000.0));
        }
    }

    /** A site's records, directory and status services and its gateway ({@link SiteProcesses}). */
    List<ServiceProcess> processesOf(Site site) {
        return wiring.of(site, launchPrefix(site));
    }

    /** Waits until a site's gateway reports every service up at every site that is on. */
    void awaitGatewaySeesEverySite(Site site) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long sitesOn = sites.values().stream().filter(s -> s.powered).count();
        String[] last = {""};
        boolean seen = Poll.until(Duration.ofSeconds(60), Duration.ofMillis(250), () -> {
            last[0] = http.send(HttpRequest.newBuilder(URI.create(site.managementUrl("gateway") + "/gateway/upstreams"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
            return Site.DATABASE_SERVICES.keySet().stream().allMatch(service -> Pattern
                    .compile("\\{[^}]*\"route\":\"" + service + "\"[^}]*\"health\":\"up\"")
                    .matcher(last[0]).results().count() >= sitesOn);
        });
        if (!seen) {
            throw new IllegalStateException("gateway@" + site.name + " does not see every service up after 60 s: "
                    + last[0] + " — see the logs under " + options.runDirectory().resolve("logs"));
        }
    }

}
