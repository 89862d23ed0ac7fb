package io.relais.launcher;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The demo data of {@code ./relais up}, through the first site's gateway: the directory's
 * hospitals and departments first (patients are admitted to its departments), then its staff and
 * the patients at the same time. Sizes from RELAIS_DEMO_STAFF and RELAIS_DEMO_PATIENTS.
 */
final class DemoData {

    private final DirectoryDemoData directory;
    private final RecordsDemoData records;
    private volatile String firstSite;
    private volatile String firstPatient;

    DemoData(ApiClient directoryAdmin, ApiClient clinician) {
        this.directory = new DirectoryDemoData(directoryAdmin);
        this.records = new RecordsDemoData(clinician);
    }

    Void seed() throws Exception {
        System.out.println("Seeding demo data through gateway@a…");
        int staff = Integer.parseInt(System.getenv().getOrDefault("RELAIS_DEMO_STAFF", "3000"));
        int patients = Integer.parseInt(System.getenv().getOrDefault("RELAIS_DEMO_PATIENTS", "200"));
        firstSite = directory.seedPlaces();
        CompletableFuture<Void> people = CompletableFuture.runAsync(() -> {
            try {
                directory.seedStaff(staff);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        firstPatient = records.seed(patients, directory.units());
        try {
            people.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        return null;
    }

    String firstSite() {
        return firstSite;
    }

    String firstPatient() {
        return firstPatient;
    }

    List<DirectoryDemoData.Unit> units() {
        return directory.units();
    }
}
