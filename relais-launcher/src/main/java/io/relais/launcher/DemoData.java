package io.relais.launcher;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The demo data of {@code ./relais up}, through the first site's gateway: the directory's
 * hospitals and departments first (patients are admitted to its departments), then its staff and
 * the patients at the same time.
 */
final class DemoData {

    /** How many staff and patients: RELAIS_DEMO_STAFF and RELAIS_DEMO_PATIENTS, 3,000 and 200 unless set. */
    record Sizes(int staff, int patients) {
        static Sizes fromEnvironment() {
            return new Sizes(Integer.parseInt(System.getenv().getOrDefault("RELAIS_DEMO_STAFF", "3000")),
                    Integer.parseInt(System.getenv().getOrDefault("RELAIS_DEMO_PATIENTS", "200")));
        }
    }

    /** What the URL table links to: the first hospital, the first patient and the first unit (null without patients). */
    record Landmarks(String firstSite, String firstPatient, String firstUnit) {
    }

    private final DirectoryDemoData directory;
    private final RecordsDemoData records;
    private final Sizes sizes;

    DemoData(ApiClient directoryAdmin, ApiClient clinician, Sizes sizes) {
        this.directory = new DirectoryDemoData(directoryAdmin);
        this.records = new RecordsDemoData(clinician);
        this.sizes = sizes;
    }

    Landmarks seed() throws Exception {
        System.out.println("Seeding demo data through gateway@a…");
        String firstSite = directory.seedPlaces();
        CompletableFuture<Void> people = CompletableFuture.runAsync(() -> {
            try {
                directory.seedStaff(sizes.staff());
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        String firstPatient = records.seed(sizes.patients(), directory.units());
        try {
            people.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        return new Landmarks(firstSite, firstPatient, directory.units().isEmpty() ? null : directory.units().get(0).id());
    }
}
