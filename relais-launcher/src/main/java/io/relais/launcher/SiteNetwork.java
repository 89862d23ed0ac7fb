package io.relais.launcher;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Each site in its own Linux network namespace with its own address, joined by a bridge in the
 * host's namespace, so that every flow between sites — database, replication, etcd, Patroni's
 * REST API, gateway to service, status probes — crosses a link that can be cut. The host (the
 * launcher, a clinician's browser, the drill's workload) reaches every site over the bridge.
 *
 * <p>A partition is a pair of blackhole routes per link, one at each end: nothing crosses in either
 * direction, established connections included, while the site's processes keep running and the
 * host still reaches it (its own clinicians still use it). Needs root and iproute2.
 */
final class SiteNetwork implements AutoCloseable {

    private final String tag;
    private final String subnet;
    private final List<String> sites;

    /**
     * @param tag    distinguishes this stack's namespaces and bridge from another stack's on the
     *               same machine (the drill beside './relais up'); at most 8 characters
     * @param third  the third octet of this stack's 10.77.x.0/24
     * @param sites  the sites' names, the witness included
     */
    SiteNetwork(String tag, int third, List<String> sites) {
        this.tag = tag;
        this.subnet = "10.77." + third;
        this.sites = List.copyOf(sites);
    }

    String address(String site) {
        int index = sites.indexOf(site);
        if (index < 0) {
            throw new IllegalArgumentException("No site '" + site + "': the sites are " + String.join(", ", sites));
        }
        return subnet + "." + (index + 1);
    }

    String cidr() {
        return subnet + ".0/24";
    }

    private String namespace(String site) {
        return tag + "-" + site;
    }

    /** Creates the bridge and one namespace per site, after removing what a killed run may have left. */
    void create() {
        removeLeftovers();
        ip("link", "add", tag, "type", "bridge");
        ip("addr", "add", subnet + ".254/24", "dev", tag);
        ip("link", "set", tag, "up");
        for (String site : sites) {
            String ns = namespace(site);
            ip("netns", "add", ns);
            ip("link", "add", tag + site, "type", "veth", "peer", "name", "eth0", "netns", ns);
            ip("link", "set", tag + site, "master", tag, "up");
            ip("-n", ns, "addr", "add", address(site) + "/24", "dev", "eth0");
            ip("-n", ns, "link", "set", "eth0", "up");
            ip("-n", ns, "link", "set", "lo", "up");
        }
    }

    /** The command prefix that runs a program inside a site's namespace. */
    List<String> exec(String site) {
        return List.of("ip", "netns", "exec", namespace(site));
    }

    /** Every process running in a site's namespace: what a power cut kills. */
    List<ProcessHandle> processes(String site) {
        String pids = run(List.of("ip", "netns", "pids", namespace(site)), true);
        List<ProcessHandle> handles = new ArrayList<>();
        for (String pid : pids.split("\\s+")) {
            if (pid.matches("\\d+")) {
                ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(handles::add);
            }
        }
        return handles;
    }

    /** Cuts every link between {@code site} and the others, in both directions. */
    void cut(String site) {
        for (String other : sites) {
            if (!other.equals(site)) {
                ip("-n", namespace(site), "route", "replace", "blackhole", address(other) + "/32");
                ip("-n", namespace(other), "route", "replace", "blackhole", address(site) + "/32");
            }
        }
    }

    /** Restores every link. */
    void heal() {
        for (String site : sites) {
            ip("-n", namespace(site), "route", "flush", "type", "blackhole");
        }
    }

    /** Which sites are cut off, as the routes say. */
    List<String> cutOff() {
        List<String> cut = new ArrayList<>();
        for (String site : sites) {
            String routes = run(List.of("ip", "-n", namespace(site), "route", "show", "type", "blackhole"), true);
            long blackholes = routes.lines().filter(line -> !line.isBlank()).count();
            if (blackholes == sites.size() - 1) {
                cut.add(site);
            }
        }
        return cut;
    }

    @Override
    public void close() {
        for (String site : sites) {
            processes(site).forEach(ProcessHandle::destroyForcibly);
        }
        removeLeftovers();
    }

    /** Kills what still runs in this stack's namespaces, then removes them, their links and the bridge. */
    private void removeLeftovers() {
        for (String site : sites) {
            List<ProcessHandle> left = processes(site);
            left.forEach(ProcessHandle::destroyForcibly);
            left.forEach(p -> p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(t -> null).join());
            run(List.of("ip", "netns", "del", namespace(site)), true);
            // Deleting one end of a veth pair deletes both, even while the namespace lingers.
            run(List.of("ip", "link", "del", tag + site), true);
        }
        run(List.of("ip", "link", "del", tag), true);
    }

    /**
     * Whether this machine can give each site its own network: root and iproute2. Empty when it
     * can, else what to do.
     */
    static Optional<String> unavailable() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("network namespaces need root: run './relais up --ha patroni' as root (sudo)");
        }
        try {
            run(List.of("ip", "netns", "list"), false);
            return Optional.empty();
        } catch (IllegalStateException e) {
            return Optional.of("'ip netns' does not work here (" + e.getMessage() + "): install iproute2");
        }
    }

    private static void ip(String... args) {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        run(command, false);
    }

    private static String run(List<String> command, boolean mayFail) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 10 s");
            }
            if (process.exitValue() != 0 && !mayFail) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output.strip());
            }
            return output;
        } catch (IOException e) {
            if (mayFail) {
                return "";
            }
            throw new IllegalStateException(String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** For logs: the address of each site. */
    Map<String, String> addresses() {
        Map<String, String> addresses = new java.util.LinkedHashMap<>();
        sites.forEach(site -> addresses.put(site, address(site)));
        return addresses;
    }
}
