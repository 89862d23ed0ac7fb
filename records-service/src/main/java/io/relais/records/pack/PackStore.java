package io.relais.records.pack;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.relais.records.config.RecordsConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The packs on this site's own disk: {@code <directory>/<unit>/<time>.pdf} with its manifest
 * ({@code .json}), written to a temporary file then moved into place (a reader never sees half a
 * PDF), readable by the service account only, the newest {@code keep} per unit kept.
 */
@ApplicationScoped
public class PackStore {

    private final Path root;
    private final int keep;
    private final ObjectMapper json;
    /**
     * Each unit's newest manifest, read from disk once and kept current by {@link #store}: the
     * readiness check and the list ask for it every few seconds, and must not parse every
     * manifest of every unit each time.
     */
    private java.util.Map<UUID, PackManifest> newest;

    PackStore(RecordsConfig config, ObjectMapper json) {
        this.root = config.packs().directory();
        this.keep = config.packs().keep();
        this.json = json;
    }

    /** Stores a pack; returns its manifest. */
    public synchronized PackManifest store(PackManifest draft, byte[] pdf) {
        try {
            Path dir = root.resolve(draft.unitId().toString());
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
            String name = draft.generatedAt().toString().replace(":", "") + ".pdf";
            PackManifest manifest = new PackManifest(draft.unitId(), draft.unitName(), name, draft.generatedAt(),
                    draft.dataAsOf(), draft.fromStandby(), draft.stale(), draft.site(), draft.patients(), sha256(pdf), pdf.length);
            writeAtomically(dir.resolve(name), pdf);
            writeAtomically(dir.resolve(name.replace(".pdf", ".json")), json.writeValueAsBytes(manifest));
            prune(dir);
            newest().put(manifest.unitId(), manifest);
            return manifest;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write a pack under " + root + ": check that the directory exists,"
                    + " is on this site's own disk and is writable by the service account", e);
        }
    }

    /** The newest pack of a unit and its bytes, if any. */
    public synchronized Optional<Stored> latest(UUID unitId) {
        return Optional.ofNullable(newest().get(unitId)).map(m -> {
            try {
                return new Stored(m, Files.readAllBytes(root.resolve(unitId.toString()).resolve(m.file())));
            } catch (IOException e) {
                throw new UncheckedIOException("The newest pack of unit " + unitId + " is gone from " + root
                        + ": was the directory cleaned by hand? The next regeneration writes a new one", e);
            }
        });
    }

    /** The newest pack of every unit, by unit name. */
    public synchronized List<PackManifest> newestOfEveryUnit() {
        return newest().values().stream().sorted(Comparator.comparing(PackManifest::unitName)).toList();
    }

    /** A pack and its PDF. */
    public record Stored(PackManifest manifest, byte[] pdf) {
    }

    /** Read from disk on first use: the packs a previous run of the service left. */
    private java.util.Map<UUID, PackManifest> newest() {
        if (newest == null) {
            newest = new java.util.HashMap<>();
            if (Files.isDirectory(root)) {
                try (Stream<Path> units = Files.list(root)) {
                    units.filter(Files::isDirectory).forEach(dir -> manifests(dir).stream().findFirst()
                            .ifPresent(m -> newest.put(m.unitId(), m)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return newest;
    }

    private List<PackManifest> manifests(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".json")).map(this::read).flatMap(Optional::stream)
                    .filter(m -> Files.exists(dir.resolve(m.file())))
                    .sorted(Comparator.comparing(PackManifest::generatedAt).reversed()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<PackManifest> read(Path manifest) {
        try {
            return Optional.of(json.readValue(manifest.toFile(), PackManifest.class));
        } catch (IOException e) {
            return Optional.empty(); // a manifest being replaced, or damaged: the next run writes a new one
        }
    }

    private void prune(Path dir) throws IOException {
        List<PackManifest> all = manifests(dir);
        for (PackManifest old : all.subList(Math.min(keep, all.size()), all.size())) {
            Files.deleteIfExists(dir.resolve(old.file()));
            Files.deleteIfExists(dir.resolve(old.file().replace(".pdf", ".json")));
        }
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path temporary = Files.createTempFile(target.getParent(), ".writing-", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(temporary, bytes);
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
