package io.relais.directory;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static io.relais.directory.Api.admin;
import static io.relais.directory.Api.createDepartment;
import static io.relais.directory.Api.createSite;
import static io.relais.directory.Api.csv;
import static io.relais.directory.Api.staff;
import static io.relais.directory.Api.unique;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Imports too large for one request run as jobs: 202 at once with the job's URL, progress while
 * it runs, then the report — and a bad file is still refused at once, naming its rows.
 */
@QuarkusTest
@QuarkusTestResource(DirectoryTestResource.class)
class ImportJobTest {

    private static final String HEADER = "external_id,family_name,given_names,profession,departments\n";

    @Test
    void aFileOverTheThresholdIsImportedAsAJobWithProgressAndItsReport() throws Exception {
        String code = unique("job");
        String site = createSite(code, "Hôpital Lariboisière");
        createDepartment(site, "urg", "Urgences");
        String prefix = unique("J");
        StringBuilder file = new StringBuilder(HEADER);
        int rows = 6_000; // over directory.imports.async-above-rows (5,000)
        for (int i = 0; i < rows; i++) {
            file.append(prefix).append(i).append(",Agent").append(i).append(",Camille,Infirmière,").append(code).append("/urg\n");
        }
        java.sql.Timestamp before = query("SELECT now()");
        long started = System.nanoTime();
        Response accepted = csv(file.toString())
                .post("/api/directory/import/people");
        accepted.then().statusCode(202).header("Location", startsWith("https://relais-a.test/api/directory/import/jobs/"))
                .body("state", equalTo("queued")).body("rowsTotal", equalTo(rows)).body("kind", equalTo("people"));
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 10, "answered before the gateway gives up");

        // The link is the site's public URL (relais.http.public-base-url); the test calls the service directly.
        JsonPath done = awaitJob(accepted.header("Location").substring("https://relais-a.test".length()));
        assertEquals("succeeded", done.getString("state"));
        assertEquals(rows, done.getInt("rowsDone"));
        assertEquals(rows, done.getInt("report.rows"));
        assertEquals(rows, done.getInt("report.created"));
        assertEquals("UTF-8", done.getString("report.encoding"));
        // Vacuumed and analysed by the service at once (last_vacuum, last_analyze; autovacuum's would be
        // last_autovacuum, last_autoanalyze): searches are planned for the new row counts, and the
        // word index's pending list is merged, right away.
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            java.sql.Timestamp analysed = query("SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'person'");
            java.sql.Timestamp vacuumed = query("SELECT last_vacuum FROM pg_stat_user_tables WHERE relname = 'person'");
            return analysed != null && !analysed.before(before) && vacuumed != null && !vacuumed.before(before);
        });
    }

    private static java.sql.Timestamp query(String sql) throws java.sql.SQLException {
        return DirectoryDatabase.scalar(sql, java.sql.Timestamp.class);
    }

    @Test
    void aRotaIsImportedAsAJobAndABadOneIsRefusedAtOnce() {
        String code = unique("rjob");
        String site = createSite(code, "Hôpital Saint-Louis");
        String dep = createDepartment(site, "rea", "Réanimation");
        String who = unique("RJ");
        csv(HEADER + who + ",Garnier,Élise,Médecin," + code + "/rea\n").post("/api/directory/import/people").then().statusCode(200);
        String rota = "site,department,role,person,starts_at,ends_at\n"
                + code + ",rea,Réanimateur de garde," + who + ",2026-12-10 18:30,2026-12-11 08:30\n"
                + code + ",rea,Réanimateur de garde," + who + ",2026-12-11 18:30,2026-12-12 08:30\n";

        Response accepted = csv(rota).header("Prefer", "respond-async").post("/api/directory/import/rota");
        accepted.then().statusCode(202).body("kind", equalTo("rota")).body("rowsTotal", equalTo(2));
        JsonPath done = awaitJob(accepted.header("Location").substring("https://relais-a.test".length()));
        assertEquals("succeeded", done.getString("state"));
        assertEquals(2, done.getInt("report.created"));
        staff().get("/api/directory/rota?department={d}&from=2026-12-01T00:00:00Z&to=2026-12-31T00:00:00Z", dep)
                .then().body("items.size()", equalTo(2));

        // Checked before it is queued, and nothing of it written.
        csv(rota + code + ",rea,Réanimateur de garde,nobody,2026-12-12 18:30,2026-12-13 08:30\n")
                .header("Prefer", "respond-async").post("/api/directory/import/rota")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("rows[4].person"));
    }

    @Test
    void aBadFileIsRefusedAtOnceEvenWhenItWouldBeAJob() {
        String code = unique("bad");
        String site = createSite(code, "Hôpital Bichat");
        createDepartment(site, "card", "Cardiologie");
        String file = HEADER + unique("B") + ",Martin,Léo,Médecin," + code + "/card\n"
                + unique("B") + ",Martin,Zoé,Médecin," + code + "/nowhere\n";
        csv(file).header("Prefer", "respond-async")
                .post("/api/directory/import/people").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("rows[3].departments"))
                .body("errors[0].message", containsString("nowhere"));
    }

    @Test
    void anImportNeverWritesOverAnEditCommittedWhileItRuns() throws Exception {
        String code = unique("lock");
        String site = createSite(code, "Hôpital Tenon");
        createDepartment(site, "ped", "Pédiatrie");
        String externalId = unique("L");
        String first = HEADER + externalId + ",Roux,Inès,Médecin," + code + "/ped\n";
        csv(first).post("/api/directory/import/people")
                .then().statusCode(200).body("created", equalTo(1));

        // An edit through the API is under way: it holds the person's row, and is at version 2.
        try (Connection edit = DirectoryDatabase.superuser()) {
            edit.setAutoCommit(false);
            try (Statement s = edit.createStatement()) {
                s.executeUpdate("UPDATE person SET given_names = 'Inès-Marie', version = version + 1"
                        + " WHERE external_id = '" + externalId + "'");
            }
            String second = HEADER + externalId + ",Roux,Inès,Cheffe de clinique," + code + "/ped\n";
            AtomicReference<Response> importing = new AtomicReference<>();
            Thread importer = new Thread(() -> importing.set(csv(second).post("/api/directory/import/people")));
            importer.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> waitingOnALock() > 0);
            edit.commit();
            importer.join(10_000);
            importing.get().then().statusCode(200).body("updated", equalTo(1));
        }
        try (Connection c = DirectoryDatabase.superuser(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, given_names, profession FROM person WHERE external_id = '"
                     + externalId + "'")) {
            rs.next();
            // The import read the edited row (version 2) and wrote version 3: no two contents share an ETag.
            assertEquals(3, rs.getInt(1), "the import wrote over a stale copy");
            assertEquals("Cheffe de clinique", rs.getString(3));
        }
    }

    private static long waitingOnALock() throws Exception {
        return DirectoryDatabase.scalar("SELECT count(*) FROM pg_stat_activity WHERE datname = 'directory'"
                + " AND wait_event_type = 'Lock'", Long.class);
    }

    private static JsonPath awaitJob(String location) {
        AtomicReference<JsonPath> job = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
            JsonPath now = admin().get(location).then().statusCode(200).extract().jsonPath();
            job.set(now);
            return !now.getString("state").equals("queued") && !now.getString("state").equals("running");
        });
        return job.get();
    }
}
