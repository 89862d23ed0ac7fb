package io.relais.launcher;

import io.relais.local.files.DirectoryTrees;
import io.relais.local.identity.DevKeys;
import io.relais.local.identity.DevTokens;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.concurrent.CountDownLatch;

/**
 * The local stack's command line: {@code ./relais up} starts two sites (Ctrl-C stops everything);
 * {@code power-off}, {@code power-on} and {@code status} act on the running stack through its
 * {@link ControlServer}; {@code token ROLE} prints a development token.
 */
public final class Relais {

    private static final Path HOME = Path.of(System.getProperty("relais.home", ".relais")).toAbsolutePath();
    private static final Path KEYS = HOME.resolve("keys");
    private static final Path RUN = HOME.resolve("run");
    private static final Path CONTROL_PORT = HOME.resolve("control.port");
    private static final List<String> ROLES = List.of("clinician", "auditor", "directory-admin", "switchboard", "status-admin");
    private static final String USAGE = """
            Usage: ./relais up                      build, start both sites with demo data, print the URLs (Ctrl-C stops)
                   ./relais up --ha patroni         the same under Patroni + etcd (witness site c), each site in its own
                                                    network namespace (root; Debian's patroni, etcd-server, postgresql-15)
                   ./relais power-off <a|b>         cut a site's power: SIGKILL of its every process, PostgreSQL included
                   ./relais power-on <a|b>          bring a site back (its database rejoins as standby of the primary)
                   ./relais status                  each site's processes, database role and replication state
                   ./relais switchover              planned move of the primary to the standby's site, no write lost
                   ./relais promote <a|b> --accept-data-loss
                                                    promote an asynchronous standby whose primary is lost (never done
                                                    on its own: writes the primary acknowledged alone may be missing)
                   ./relais partition <a|b|c>       cut a site off from the others, its processes still running (Patroni mode)
                   ./relais heal                    restore every link
                   ./relais token <role> [subject]  a development bearer token (roles: %s)
                   ./relais jvm                     the java and options services run with (benchmarks use it)"""
            .formatted(String.join(", ", ROLES));

    /** Held open for as long as this process runs ({@link #holdTheRunDirectory}). */
    private static FileChannel runDirectoryLock;

    private Relais() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "up" : args[0];
        switch (command) {
            case "up" -> up(args);
            case "token" -> token(args);
            case "jvm" -> System.out.println(String.join(" ", ServiceJvm.find(System.err::println).javaAndOptions()));
            case "status", "switchover", "heal" -> System.exit(ControlServer.call(CONTROL_PORT, command));
            case "power-off", "power-on" -> {
                if (args.length != 2 || !List.of("a", "b").contains(args[1])) {
                    System.err.println("Name the site: ./relais " + command + " a   (or b)");
                    System.exit(2);
                }
                System.exit(ControlServer.call(CONTROL_PORT, command + "/" + args[1]));
            }
            case "partition" -> {
                if (args.length != 2 || !List.of("a", "b", "c").contains(args[1])) {
                    System.err.println("Name the site to cut off: ./relais partition a   (or b, or the witness c)");
                    System.exit(2);
                }
                System.exit(ControlServer.call(CONTROL_PORT, command + "/" + args[1]));
            }
            case "promote" -> {
                if (args.length != 3 || !List.of("a", "b").contains(args[1]) || !args[2].equals("--accept-data-loss")) {
                    System.err.println("Promoting a standby that was not synchronous may lose writes the lost primary"
                            + " acknowledged alone; say that you accept it: ./relais promote <a|b> --accept-data-loss");
                    System.exit(2);
                }
                System.exit(ControlServer.call(CONTROL_PORT, "promote/" + args[1]));
            }
            default -> {
                System.err.println(USAGE);
                System.exit(2);
            }
        }
    }

    /**
     * One {@code ./relais up} at a time per checkout: a second would write its databases over the
     * running one's. The lock goes with the process, however it ends.
     */
    private static void holdTheRunDirectory() throws IOException {
        Files.createDirectories(HOME);
        FileChannel lock = FileChannel.open(HOME.resolve("up.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (lock.tryLock() == null) {
            System.err.println("Another './relais up' is running from this directory ('./relais status' shows it):"
                    + " stop it (Ctrl-C in its terminal) and start again.");
            System.exit(1);
        }
        runDirectoryLock = lock;
    }

    private static void token(String[] args) {
        if (args.length < 2) {
            System.err.println("Usage: ./relais token <role> [subject]   (roles: " + String.join(", ", ROLES) + ")");
            System.exit(2);
        }
        String subject = args.length > 2 ? args[2] : "dev." + args[1];
        System.out.println(new DevTokens(DevKeys.loadOrCreate(KEYS)).mint(subject, args[1]));
    }

    private static void up(String[] args) throws Exception {
        boolean patroni = switch (args.length == 0 ? "up" : String.join(" ", args)) {
            case "up" -> false;
            case "up --ha patroni" -> true;
            case "up --ha stand-in" -> false;
            default -> {
                System.err.println("Unknown options: " + String.join(" ", args) + "\n" + USAGE);
                System.exit(2);
                yield false;
            }
        };
        long started = System.nanoTime();
        holdTheRunDirectory();
        // The sites' PostgreSQL files stay for this start to copy its databases over (Replication):
        // creating thousands of files right after deleting as many costs seconds on ext4 without a
        // journal. Patroni's servers live elsewhere and make their own.
        DirectoryTrees.deleteExcept(RUN, patroni ? directory -> false : Site::isDataDirectory);
        Files.createDirectories(RUN);
        DevKeys keys = DevKeys.loadOrCreate(KEYS);
        DevTokens tokens = new DevTokens(keys);
        LocalStack.Options options = LocalStack.Options.local(RUN);
        LocalStack stack = patroni ? PatroniStack.create(options, keys, System.out::println)
                : new StandInStack(options, keys, System.out::println);
        ControlServer[] control = {null};
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping Relais…");
            if (control[0] != null) {
                control[0].close();
            }
            stack.close();
            System.out.println("Stopped. Logs are in " + RUN.resolve("logs"));
        }, "relais-stop"));
        String clinician = tokens.mint("dr.demo", "clinician");
        Supplier<DemoData.Landmarks> demo = demoData(stack, tokens, clinician);
        stack.trainAotCachesBeside();
        stack.start();
        control[0] = new ControlServer(stack, CONTROL_PORT);
        DemoData.Landmarks landmarks = demo.get();

        System.out.printf("%nRelais is up in %.0f s.%n%n", (System.nanoTime() - started) / 1e9);
        System.out.printf("  %-10s %-28s %s%n", "site", "what", "URL");
        for (Site site : stack.sites()) {
            String gw = site.url("gateway");
            System.out.printf("  %-10s %-28s %s%n", site.name, "status page", site.url("status") + "/");
            System.out.printf("  %-10s %-28s %s%n", "", "gateway", gw + "/api/records/patients?name=dupont");
            System.out.printf("  %-10s %-28s %s%n", "", "patient summary", gw + "/api/records/patients/" + landmarks.firstPatient() + "/summary");
            if (landmarks.firstUnit() != null) {
                System.out.printf("  %-10s %-28s %s%n", "", "unit census", gw + "/api/records/units/"
                        + landmarks.firstUnit() + "/census");
            }
            System.out.printf("  %-10s %-28s %s%n", "", "staff search", gw + "/api/directory/people?q=bussiere");
            System.out.printf("  %-10s %-28s %s%n", "", "on call now", gw + "/api/directory/on-call?site=" + landmarks.firstSite());
            System.out.printf("  %-10s %-28s %s%n", "", "phone book (PDF)", gw + "/api/directory/sites/" + landmarks.firstSite() + "/phone-book");
            System.out.printf("  %-10s %-28s %s%n", "", "FHIR R4 patient", gw + "/api/records/fhir/r4/Patient/" + landmarks.firstPatient());
            System.out.printf("  %-10s %-28s %s%n", "", "FHIR R4 directory base", gw + "/api/directory/fhir/r4/metadata");
            System.out.printf("  %-10s %-28s %s%n", "", "upstreams and breakers", site.managementUrl("gateway") + "/gateway/upstreams");
            for (String service : Site.DATABASE_SERVICES.keySet()) {
                System.out.printf("  %-10s %-28s %s%n", "", service + " Swagger UI", site.managementUrl(service) + "/q/swagger-ui");
            }
        }
        System.out.printf("  %-10s %-28s %s%n", "", "logs", RUN.resolve("logs"));
        System.out.println();
        System.out.println("Development token (role clinician, 8 h) — more with ./relais token <" + String.join("|", ROLES) + ">:");
        System.out.println(clinician);
        System.out.println();
        System.out.println("Try:  curl -i -H \"Authorization: Bearer $(./relais token clinician)\" "
                + "'" + stack.site("b").url("gateway") + "/api/records/patients?name=bussiere'   (X-Relais-Site tells who served)");
        System.out.println("Drill (in another terminal): ./relais power-off a ; ./relais status ; ./relais power-on a"
                + (patroni ? "\n                              ./relais partition a ; ./relais status ; ./relais heal" : ""));
        System.out.println("Press Ctrl-C to stop everything.");
        new CountDownLatch(1).await();
    }

    /**
     * The demo data: restored with site a's database from this week's snapshot when the stand-in
     * runs and one matches this build's schema and launcher ({@link DemoSnapshot}); else seeded
     * through gateway@a while site b's services start, then kept as the snapshot.
     * RELAIS_DEMO_SNAPSHOT=off always seeds and keeps nothing (the benchmarks: their figures include
     * the imports), as does Patroni mode. The landmarks are ready once the stack is.
     */
    private static Supplier<DemoData.Landmarks> demoData(LocalStack stack, DevTokens tokens, String clinician) {
        DemoData.Sizes sizes = DemoData.Sizes.fromEnvironment();
        boolean kept = !"off".equals(System.getenv("RELAIS_DEMO_SNAPSHOT"));
        StandInStack standIn = kept && stack instanceof StandInStack s ? s : null;
        // The fingerprint reads the launcher's jars: only for a start that may restore or keep a copy.
        DemoSnapshot snapshot = standIn != null
                ? new DemoSnapshot(HOME.resolve("demo"), sizes, DemoDataShape.of(stack.options.repository(), launcherJar()))
                : null;
        Optional<DemoData.Landmarks> restored = snapshot != null ? snapshot.current() : Optional.empty();
        if (restored.isPresent()) {
            System.out.println("Demo data: the snapshot taken " + snapshot.takenAt() + " after seeding through the API"
                    + " (" + snapshot.data().getParent() + "; delete it to seed again).");
            standIn.restoreFrom(snapshot.data());
            return restored::get;
        }
        String gatewayA = stack.site("a").url("gateway");
        DemoData seeding = new DemoData(new ApiClient(gatewayA, tokens.mint("rh.demo", "directory-admin")),
                new ApiClient(gatewayA, clinician), sizes);
        DemoData.Landmarks[] seeded = {null};
        stack.whenFirstSiteReady(() -> {
            seeded[0] = seeding.seed();
            if (standIn != null) {
                keepSnapshot(snapshot, standIn, seeded[0]);
            }
            return null;
        });
        return () -> seeded[0];
    }

    /** This launcher's jar (or classes directory, run from an IDE). */
    private static Path launcherJar() {
        try {
            return Path.of(Relais.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Takes the snapshot the next starts restore; a start whose snapshot failed is up all the same. */
    private static void keepSnapshot(DemoSnapshot snapshot, StandInStack standIn, DemoData.Landmarks landmarks) {
        long started = System.nanoTime();
        try {
            snapshot.take(standIn::snapshotPrimary, landmarks);
            System.out.printf("  demo data kept in %s in %.1f s: the next starts restore it for %d days%n",
                    snapshot.data().getParent(), (System.nanoTime() - started) / 1e9, DemoSnapshot.DAYS_RESTORED);
        } catch (IOException | RuntimeException e) {
            System.out.println("  Could not keep the demo data for the next starts (" + e.getMessage() + "): they will"
                    + " seed through the API again. Check the free space under " + HOME + ".");
        }
    }
}
