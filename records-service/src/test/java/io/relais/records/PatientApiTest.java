package io.relais.records;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.relais.records.Api.clinician;
import static io.relais.records.Api.clinicianWrite;
import static io.relais.records.Api.createPatient;
import static io.relais.records.Api.patient;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@QuarkusTestResource(RecordsTestResource.class)
class PatientApiTest {

    @Test
    void createsReadsAndUpdatesAPatientWithEtags() {
        Map<String, Object> body = new HashMap<>(patient("Lefèvre", "Anaïs Marie", "1984-03-12"));
        body.put("ins", Map.of("value", "284037510812345".substring(0, 13) + key("2840375108123"), "qualified", true));
        Response created = clinicianWrite().body(body).post("/api/records/patients");
        created.then().statusCode(201)
                .header("Location", containsString("/api/records/patients/"))
                .header("ETag", "\"v1\"")
                .body("familyName", equalTo("Lefèvre"))
                .body("ins.qualified", equalTo(true))
                .body("version", equalTo(1));
        String id = created.path("id");

        clinician().get("/api/records/patients/{id}", id).then().statusCode(200)
                .header("Cache-Control", "no-store")
                .header("X-Content-Type-Options", "nosniff")
                .header("ETag", "\"v1\"")
                .body("givenNames", equalTo("Anaïs Marie"))
                .body("birthDate", equalTo("1984-03-12"));

        body.put("givenNames", "Anaïs");
        clinician().header("If-Match", "\"v1\"").body(body).put("/api/records/patients/{id}", id)
                .then().statusCode(200).header("ETag", "\"v2\"").body("givenNames", equalTo("Anaïs"));
        clinician().get("/api/records/patients/{id}", id).then().body("givenNames", equalTo("Anaïs"));
    }

    @Test
    void updatesRequireAFreshIfMatch() {
        String id = createPatient("Moreau", "Paul", "1950-01-01");
        Map<String, Object> body = new HashMap<>(clinician().get("/api/records/patients/{id}", id).then().extract()
                .jsonPath().getMap(""));
        Map<String, Object> input = new HashMap<>(Map.of("ipp", body.get("ipp"), "familyName", "Moreau",
                "givenNames", "Paul Henri", "birthDate", "1950-01-01", "sex", "male"));

        clinician().body(input).put("/api/records/patients/{id}", id).then().statusCode(428)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:relais:problem:precondition-required"));
        clinician().header("If-Match", "\"v7\"").body(input).put("/api/records/patients/{id}", id).then()
                .statusCode(412).contentType("application/problem+json")
                .body("detail", containsString("\"v1\""));
        clinician().get("/api/records/patients/{id}", id).then().body("givenNames", equalTo("Paul"));
    }

    @Test
    void searchIsAccentCasePrefixAndTypoTolerant() {
        String bussiere = createPatient("Bussière", "Élodie", "1971-06-30");
        String dupont = createPatient("Dupont", "Jean-François", "1990-11-02");
        createPatient("Durand", "Chloé", "1990-11-02");

        assertFound("bussiere", bussiere);
        assertFound("BUSSIÈRE", bussiere);
        assertFound("buss", bussiere);
        assertFound("bussierre", bussiere);
        assertFound("dupond", dupont);
        assertFound("jean-francois", dupont);
        assertFound("jean francois dupont", dupont);

        clinician().queryParam("birthDate", "1990-11-02").get("/api/records/patients")
                .then().statusCode(200).body("items.id", hasItem(dupont));
        clinician().queryParam("name", "zzzyxw").get("/api/records/patients")
                .then().statusCode(200).body("items", hasSize(0)).body("next", nullValue());
    }

    @Test
    void identifierSearchUsesTheInsOnlyOnceQualified() {
        String qualifiedIns = "1850275" + "123456";
        String unqualifiedIns = "2850275" + "123457";
        Map<String, Object> q = new HashMap<>(patient("Garnier", "Luc", "1985-02-01"));
        q.put("ins", Map.of("value", qualifiedIns + key(qualifiedIns), "qualified", true));
        Map<String, Object> u = new HashMap<>(patient("Garnier", "Lucie", "1985-02-01"));
        u.put("ins", Map.of("value", unqualifiedIns + key(unqualifiedIns), "qualified", false));
        String qualifiedId = clinicianWrite().body(q).post("/api/records/patients").then().statusCode(201).extract().path("id");
        String unqualifiedId = clinicianWrite().body(u).post("/api/records/patients").then().statusCode(201).extract().path("id");

        clinician().queryParam("identifier", qualifiedIns + key(qualifiedIns)).get("/api/records/patients")
                .then().body("items.id", contains(qualifiedId));
        clinician().queryParam("identifier", unqualifiedIns + key(unqualifiedIns)).get("/api/records/patients")
                .then().body("items", hasSize(0));
        clinician().queryParam("identifier", u.get("ipp")).get("/api/records/patients")
                .then().body("items.id", contains(unqualifiedId));
    }

    @Test
    void namesAreStoredNfcAndFoundWhateverUnicodeFormTheyAreTypedIn() {
        String family = "Unicode" + System.nanoTime() % 10000;
        // "Léa" typed as L, e, combining acute accent, a (NFD), as a Mac keyboard may send it.
        String id = createPatient(family, "Le\u0301a", "1990-01-01");
        clinician().get("/api/records/patients/{id}", id).then().statusCode(200).body("givenNames", equalTo("L\u00e9a"));
        clinician().queryParam("name", family + " L\u00e9a").get("/api/records/patients").then().body("items.id", hasItem(id));
        // Compatibility forms fold to what they stand for: the "ﬁ" ligature, full-width letters.
        String fi = createPatient("Ｄｅｆｉｌｌｅ", "Philippe", "1990-01-01");
        clinician().queryParam("name", "De\ufb01lle Philippe").get("/api/records/patients").then().body("items.id", hasItem(fi));
        clinician().queryParam("name", "defille philippe").get("/api/records/patients").then().body("items.id", hasItem(fi));
    }

    @Test
    void linksComeFromTheSitesPublicUrlNeverFromTheClientsHost() {
        String family = "Hostile" + System.nanoTime() % 10000;
        createPatient(family, "Un", "2001-01-01");
        createPatient(family, "Deux", "2001-01-02");
        clinician().header("Host", "evil.example").header("X-Forwarded-Host", "evil.example")
                .header("Forwarded", "host=evil.example;proto=http")
                .get("/api/records/patients?name=" + family + "&size=1")
                .then().statusCode(200)
                .body("next", startsWith("https://relais-a.test/api/records/patients?"));
        clinicianWrite().header("Host", "evil.example").header("X-Forwarded-Host", "evil.example")
                .body(patient(family, "Trois", "2001-01-03")).post("/api/records/patients")
                .then().statusCode(201).header("Location", startsWith("https://relais-a.test/api/records/patients/"));
    }

    @Test
    void searchPagesAreStableAndLinked() {
        String family = "Pagination" + System.nanoTime() % 10000;
        for (int i = 0; i < 5; i++) {
            createPatient(family, "Enfant" + i, "2001-01-0" + (i + 1));
        }
        List<String> seen = new java.util.ArrayList<>();
        String next = "/api/records/patients?name=" + family + "&size=2";
        int pages = 0;
        while (next != null) {
            Response page = clinician().get(next);
            page.then().statusCode(200).body("size", equalTo(2));
            seen.addAll(page.path("items.id"));
            next = page.path("next");
            if (next != null) {
                assertTrue(next.startsWith("https://relais-a.test/api/records/patients?"), next);
                next = next.substring("https://relais-a.test".length());
            }
            pages++;
        }
        assertEquals(3, pages);
        assertEquals(5, seen.size());
        assertEquals(5, seen.stream().distinct().count(), "no row on two pages");
        clinician().queryParam("name", family).get("/api/records/patients")
                .then().body("size", equalTo(20)).body("page", equalTo(0)).body("next", nullValue());
    }

    @Test
    void aDuplicateIppIsAConflictNotASecondPatient() {
        Map<String, Object> body = patient("Roux", "Inès", "1999-09-09");
        clinicianWrite().body(body).post("/api/records/patients").then().statusCode(201);
        clinicianWrite().body(body).post("/api/records/patients").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString((String) body.get("ipp")));
        clinician().queryParam("identifier", body.get("ipp")).get("/api/records/patients")
                .then().body("items", hasSize(1));
    }

    @Test
    void everyAnswerCarriesARequestId() {
        clinician().header("X-Request-Id", "abc-123").get("/api/records/patients?name=x")
                .then().header("X-Request-Id", "abc-123");
        clinician().get("/api/records/patients?name=x").then().header("X-Request-Id", notNullValue());
        clinician().header("X-Request-Id", "abc-456").get("/api/records/patients/not-a-uuid")
                .then().statusCode(400).body("requestId", equalTo("abc-456"))
                .body("instance", startsWith("/api/records/patients/"))
                .body("errors.field", contains("patientId"));
        clinician().get("/api/records/patients/{id}", java.util.UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json").body("title", not(equalTo(null)));
    }

    private static void assertFound(String query, String expectedId) {
        clinician().queryParam("name", query).get("/api/records/patients")
                .then().statusCode(200).body("items[0].id", equalTo(expectedId));
    }

    /** NIR control key for a 13-character body. */
    static String key(String body13) {
        return String.format("%02d", 97 - new java.math.BigInteger(body13.replace("2A", "19").replace("2B", "18"))
                .mod(java.math.BigInteger.valueOf(97)).intValue());
    }
}
