package io.relais.directory;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.relais.directory.Api.admin;
import static io.relais.directory.Api.contact;
import static io.relais.directory.Api.createDepartment;
import static io.relais.directory.Api.createPerson;
import static io.relais.directory.Api.createSite;
import static io.relais.directory.Api.createSlot;
import static io.relais.directory.Api.person;
import static io.relais.directory.Api.staff;
import static io.relais.directory.Api.switchboard;
import static io.relais.directory.Api.unique;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@QuarkusTestResource(DirectoryTestResource.class)
class DirectoryApiTest {

    @Test
    void adminBuildsTheDirectoryAndStaffReadIt() {
        String site = createSite(unique("hegp"), "Hôpital Européen Georges-Pompidou");
        String rea = createDepartment(site, "rea", "Réanimation médicale");
        String id = admin().body(person("Lefèvre", "Anne-Sophie", "Médecin", List.of(rea), List.of(
                        contact("dect", "7712", "public"),
                        Map.of("kind", "extension", "value", "4512", "visibility", "public", "label", "bureau"),
                        contact("mobile", "06 12 34 56 78", "restricted"))))
                .post("/api/directory/people")
                .then().statusCode(201)
                .header("ETag", "\"v1\"")
                .header("Location", containsString("/api/directory/people/"))
                .body("departments[0].name", equalTo("Réanimation médicale"))
                .body("contactPoints.kind", contains("dect", "extension", "mobile"))
                .body("contactPoints.rank", contains(1, 2, 3))
                .body("contactPoints[0].siteId", equalTo(site))
                .extract().path("id");

        staff().get("/api/directory/people/{id}", id).then().statusCode(200)
                .header("ETag", "\"v1\"")
                .body("familyName", equalTo("Lefèvre"))
                .body("contactPoints.kind", contains("dect", "extension"))
                .body("contactPoints[1].label", equalTo("bureau"));
        switchboard().get("/api/directory/people/{id}", id).then().statusCode(200)
                .body("contactPoints.kind", contains("dect", "extension", "mobile"))
                .body("contactPoints[2].value", equalTo("06 12 34 56 78"));

        staff().get("/api/directory/departments?site={s}", site).then().statusCode(200)
                .body("items.code", contains("rea"));
        staff().get("/api/directory/sites/{s}", site).then().statusCode(200)
                .body("name", equalTo("Hôpital Européen Georges-Pompidou"));
    }

    @Test
    void writesNeedTheAdminRoleAndReadsNeedAToken() {
        String site = createSite(unique("rdb"), "Robert-Debré");
        staff().body(Map.of("code", unique("x"), "name", "X")).post("/api/directory/sites")
                .then().statusCode(403).contentType("application/problem+json");
        switchboard().body(Map.of("siteId", site, "code", "x", "name", "X")).post("/api/directory/departments")
                .then().statusCode(403);
        RestAssured.given().get("/api/directory/sites/{s}", site)
                .then().statusCode(401).contentType("application/problem+json");
        RestAssured.given().get("/api/directory/on-call?site={s}", site).then().statusCode(401);
        RestAssured.given().get("/api/directory/sites/{s}/phone-book", site).then().statusCode(401);
    }

    @Test
    void updatesNeedTheCurrentEtag() {
        String site = createSite(unique("bct"), "Bicêtre");
        String dep = createDepartment(site, "urg", "Urgences");
        String id = createPerson("Martin", "Paul", "Infirmier", dep, contact("dect", "5501", "public"));
        Map<String, Object> changed = person("Martin", "Paul", "Infirmier", List.of(dep), List.of(contact("dect", "5502", "public")));

        admin().body(changed).put("/api/directory/people/{id}", id).then().statusCode(428);
        admin().header("If-Match", "\"v1\"").body(changed).put("/api/directory/people/{id}", id)
                .then().statusCode(200).header("ETag", "\"v2\"").body("contactPoints[0].value", equalTo("5502"));
        admin().header("If-Match", "\"v1\"").body(changed).put("/api/directory/people/{id}", id)
                .then().statusCode(412).body("detail", containsString("\"v2\""));

        admin().header("If-Match", "\"v1\"").body(Map.of("siteId", site, "code", "urg-ad", "name", "Urgences adultes"))
                .put("/api/directory/departments/{d}", dep).then().statusCode(200).body("code", equalTo("urg-ad"));
    }

    @Test
    void anIdempotencyKeyCreatesOnce() {
        String code = unique("ambroise");
        String key = UUID.randomUUID().toString();
        String first = admin().header("Idempotency-Key", key).body(Map.of("code", code, "name", "Ambroise-Paré"))
                .post("/api/directory/sites").then().statusCode(201).extract().path("id");
        admin().header("Idempotency-Key", key).body(Map.of("code", code, "name", "Ambroise-Paré"))
                .post("/api/directory/sites").then().statusCode(201)
                .header("Idempotent-Replayed", "true").body("id", equalTo(first));
        admin().header("Idempotency-Key", key).body(Map.of("code", code, "name", "Autre"))
                .post("/api/directory/sites").then().statusCode(422);
        admin().body(Map.of("code", code, "name", "Ambroise-Paré")).post("/api/directory/sites")
                .then().statusCode(409).body("detail", containsString(code));
    }

    @Test
    void deletingRefusesToOrphanAnything() {
        String site = createSite(unique("avc"), "Avicenne");
        String dep = createDepartment(site, "cardio", "Cardiologie");
        String id = createPerson("Roux", "Léa", "Médecin", dep);
        String slot = createSlot(dep, "Cardiologue d'astreinte", id, "2026-12-01T07:00:00Z", "2026-12-02T07:00:00Z");

        admin().header("If-Match", "\"v1\"").delete("/api/directory/sites/{s}", site).then().statusCode(409);
        admin().header("If-Match", "\"v1\"").delete("/api/directory/departments/{d}", dep).then().statusCode(409)
                .body("detail", containsString("1 member(s)"));
        admin().header("If-Match", "\"v1\"").delete("/api/directory/people/{p}", id).then().statusCode(409)
                .body("detail", containsString("rota"));

        admin().delete("/api/directory/rota/{r}", slot).then().statusCode(428);
        admin().header("If-Match", "\"v1\"").delete("/api/directory/rota/{r}", slot).then().statusCode(204);
        admin().header("If-Match", "\"v1\"").delete("/api/directory/people/{p}", id).then().statusCode(204);
        staff().get("/api/directory/people/{p}", id).then().statusCode(404);
        admin().header("If-Match", "\"v1\"").delete("/api/directory/departments/{d}", dep).then().statusCode(204);
        admin().header("If-Match", "\"v1\"").delete("/api/directory/sites/{s}", site).then().statusCode(204);
    }

    @Test
    void rotaListsSlotsOverlappingAPeriod() {
        String code = unique("lrb");
        String site = createSite(code, "Lariboisière");
        String dep = createDepartment(site, "neuro", "Neurologie");
        String a = createPerson("Petit", "Marc", "Médecin", dep);
        createSlot(dep, "Neurologue de garde", a, "2026-12-01T18:00:00Z", "2026-12-02T08:00:00Z");
        createSlot(dep, "Neurologue de garde", a, "2026-12-03T18:00:00Z", "2026-12-04T08:00:00Z");

        staff().get("/api/directory/rota?department={d}&from=2026-12-02T00:00:00Z&to=2026-12-03T00:00:00Z", dep)
                .then().statusCode(200).body("items", hasSize(1))
                .body("items[0].person.familyName", equalTo("Petit"))
                .body("items[0].department.siteCode", equalTo(code))
                .body("next", nullValue());
    }
}
