package io.relais.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * An overlay as {@code kubectl kustomize} renders it — with every kubectl available (Debian's
 * 1.20, whose kustomize is v2.0.3, under CI; whatever else is installed), which must all render the
 * same objects. Without any kubectl the tests say how to get one and are skipped; under CI
 * ({@code CI} set) that is a failure instead.
 */
final class Rendered {

    /** The two-cluster topology's sites: what each site's GitOps controller applies. */
    static final List<String> OVERLAYS = List.of("site-a", "site-b");
    /** Every overlay the repository lets an operator apply. */
    static final List<String> ALL = List.of("site-a", "site-b", "first-deployment/site-a", "stretched");
    /** The overlays that take part in the two-cluster topology (they read k8s/designated-primary). */
    static final List<String> TWO_CLUSTER = List.of("site-a", "site-b", "first-deployment/site-a");
    /** The services with a database, in every overlay. */
    static final List<String> SERVICES = List.of("records", "directory", "status");
    static final ObjectMapper YAML = new YAMLMapper();
    private static final Map<String, List<ObjectNode>> CACHE = new ConcurrentHashMap<>();

    private Rendered() {
    }

    /** The objects of an overlay, in rendering order. */
    static List<ObjectNode> overlay(String overlay) {
        return CACHE.computeIfAbsent(overlay, o -> render(Path.of("."), o));
    }

    /**
     * The objects of an overlay as rendered after k8s/designated-primary is changed to name
     * {@code site}: the commit an operator makes to move the primary, tried on a copy of the tree.
     */
    static List<ObjectNode> overlay(String overlay, String designatedPrimary) {
        return CACHE.computeIfAbsent(overlay + "@" + designatedPrimary, key -> {
            Path copy = copyWithDesignatedPrimary(designatedPrimary);
            return render(copy, overlay);
        });
    }

    private static Path copyWithDesignatedPrimary(String site) {
        try {
            Path root = Files.createTempDirectory("relais-k8s-primary-" + site);
            try (var files = Files.walk(Path.of("."))) {
                for (Path source : files.filter(Files::isRegularFile)
                        .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).toList()) {
                    if (source.startsWith(Path.of(".", "target")) || source.startsWith(Path.of(".", "src"))) {
                        continue;
                    }
                    Path target = root.resolve(Path.of(".").relativize(source));
                    Files.createDirectories(target.getParent());
                    Files.copy(source, target);
                }
            }
            Path designated = root.resolve("designated-primary/designated-primary.yaml");
            if (!Files.exists(designated)) {
                fail("k8s/designated-primary/designated-primary.yaml does not exist: the two sites have no shared"
                        + " designated primary to agree on");
            }
            String text = Files.readString(designated);
            String changed = text.replaceAll("(?m)^(\\s*site:\\s*)\"?[a-z]\"?\\s*$", "$1\"" + site + "\"");
            if (changed.equals(text) && !text.contains("site: \"" + site + "\"")) {
                fail("Could not set the designated primary to " + site + " in " + designated);
            }
            Files.writeString(designated, changed);
            return root;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The kubectl binaries to render with: those listed in RELAIS_KUBECTLS (colon-separated), then kubectl on PATH. */
    static List<Path> kubectls() {
        Set<Path> found = new LinkedHashSet<>();
        String listed = System.getenv("RELAIS_KUBECTLS");
        if (listed != null) {
            for (String entry : listed.split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    Path path = Path.of(entry);
                    if (!Files.isExecutable(path)) {
                        fail("RELAIS_KUBECTLS names " + entry + ", which is not an executable file");
                    }
                    found.add(realPath(path));
                }
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                found.add(realPath(candidate));
                break;
            }
        }
        if (found.isEmpty()) {
            String how = "No kubectl to render the overlays with: install Debian's kubernetes-client"
                    + " (apt-get install kubernetes-client, as .ci/run does) or any kubectl, or list binaries in RELAIS_KUBECTLS.";
            if (System.getenv("CI") != null) {
                fail(how);
            }
            Assumptions.abort(how);
        }
        return List.copyOf(found);
    }

    private static List<ObjectNode> render(Path root, String overlay) {
        Map<Path, Map<String, ObjectNode>> byKubectl = new LinkedHashMap<>();
        List<ObjectNode> first = null;
        for (Path kubectl : kubectls()) {
            List<ObjectNode> objects = parse(run(kubectl, root.resolve(overlay).toString()), kubectl + " kustomize " + overlay);
            Map<String, ObjectNode> keyed = new TreeMap<>();
            for (ObjectNode object : objects) {
                if (keyed.put(key(object), object) != null) {
                    fail(overlay + " renders " + key(object) + " twice");
                }
            }
            byKubectl.put(kubectl, keyed);
            if (first == null) {
                first = objects;
            }
        }
        // Kustomize versions order objects differently; the objects themselves must be identical.
        Map.Entry<Path, Map<String, ObjectNode>> reference = byKubectl.entrySet().iterator().next();
        for (Map.Entry<Path, Map<String, ObjectNode>> other : byKubectl.entrySet()) {
            assertEquals(reference.getValue(), other.getValue(), overlay + " renders differently with "
                    + reference.getKey() + " and " + other.getKey() + ": write it so that both kustomize versions agree");
        }
        return first;
    }

    private static String run(Path kubectl, String overlay) {
        try {
            Process process = new ProcessBuilder(kubectl.toString(), "kustomize", overlay)
                    .redirectError(ProcessBuilder.Redirect.PIPE).start();
            byte[] out = process.getInputStream().readAllBytes();
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                fail(kubectl + " kustomize " + overlay + " failed: " + err);
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Could not run " + kubectl + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static List<ObjectNode> parse(String yaml, String source) {
        List<ObjectNode> objects = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(yaml)) {
            var docs = YAML.readValues(parser, JsonNode.class);
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    objects.add((ObjectNode) doc);
                }
            }
        } catch (IOException e) {
            fail("Output of " + source + " is not YAML: " + e.getMessage());
        }
        return objects;
    }

    /** The site an overlay deploys: {@code site-a} (or {@code first-deployment/site-a}) → {@code a}. */
    static String site(String overlay) {
        return overlay.substring(overlay.lastIndexOf("site-") + "site-".length());
    }

    /** The other site. */
    static String otherSite(String overlay) {
        return site(overlay).equals("a") ? "b" : "a";
    }

    static String key(JsonNode object) {
        return object.path("kind").asText() + "/" + object.path("metadata").path("name").asText();
    }

    static List<ObjectNode> ofKind(List<ObjectNode> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    static ObjectNode named(List<ObjectNode> objects, String kind, String name) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())
                        && name.equals(o.path("metadata").path("name").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + "/" + name + " in the rendered overlay"));
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath();
        }
    }
}
