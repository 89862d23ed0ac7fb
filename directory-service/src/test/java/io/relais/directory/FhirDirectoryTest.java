package io.relais.directory;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.relais.testing.FhirConformance;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.relais.directory.Api.admin;
import static io.relais.directory.Api.contact;
import static io.relais.directory.Api.createDepartment;
import static io.relais.directory.Api.createSite;
import static io.relais.directory.Api.person;
import static io.relais.directory.Api.staff;
import static io.relais.directory.Api.switchboard;
import static io.relais.directory.Api.unique;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The directory's FHIR R4 base: practitioners, their roles with numbers in rank order (restricted
 * ones only for the switchboard), sites and departments; everything it emits validates.
 */
@QuarkusTest
@QuarkusTestResource(DirectoryTestResource.class)
class FhirDirectoryTest {

    private static final String BASE = "/api/directory/fhir/r4";
    private static final String FHIR_JSON = "application/fhir+json";

    private static String site;
    private static String otherSite;
    private static String cardiology;
    private static String icu;
    private static String doctor;
    private static String rpps;

    @BeforeEach
    void aSmallHospital() {
        if (site != null) {
            return;
        }
        site = createSite(unique("hopital"), "Hôpital Saint-Éloi");
        otherSite = createSite(unique("annexe"), "Clinique de l'Étang");
        cardiology = createDepartment(site, unique("cardio"), "Cardiologie interventionnelle");
        icu = createDepartment(otherSite, unique("rea"), "Réanimation médicale");
        rpps = withLuhnDigit(String.valueOf(1_000_000_000L + Math.abs(UUID.randomUUID().getMostSignificantBits() % 8_999_999_999L)));
        List<Map<String, Object>> numbers = new ArrayList<>();
        numbers.add(new HashMap<>(Map.of("kind", "dect", "value", "4412", "visibility", "public", "siteId", site)));
        numbers.add(new HashMap<>(Map.of("kind", "mobile", "value", "+33 6 12 34 56 78", "visibility", "restricted")));
        numbers.add(new HashMap<>(Map.of("kind", "extension", "value", "5120", "visibility", "public", "siteId", otherSite)));
        numbers.add(new HashMap<>(Map.of("kind", "email", "value", "k.oyelaran@example.org", "visibility", "public")));
        Map<String, Object> body = person("Oyèláràn", "Kẹ́hìndé Zoé", "Médecin", List.of(cardiology, icu), numbers);
        body.put("rpps", rpps);
        body.put("title", "Praticien hospitalier");
        doctor = admin().body(body).post("/api/directory/people").then().statusCode(201).extract().path("id");
    }

    /** An RPPS number: ten digits and their Luhn check digit. */
    private static String withLuhnDigit(String tenDigits) {
        for (int check = 0; check < 10; check++) {
            String candidate = tenDigits + check;
            int sum = 0;
            for (int i = 0; i < candidate.length(); i++) {
                int d = candidate.charAt(candidate.length() - 1 - i) - '0';
                if (i % 2 == 1) {
                    d = d * 2 > 9 ? d * 2 - 9 : d * 2;
                }
                sum += d;
            }
            if (sum % 10 == 0) {
                return candidate;
            }
        }
        throw new IllegalStateException();
    }

    @Test
    void aPractitionerIsFoundByNameOrRppsAndReadWithItsVersion() {
        staff().get(BASE + "/Practitioner/{id}", doctor).then().statusCode(200).contentType(FHIR_JSON)
                .header("ETag", "W/\"1\"")
                .body("name[0].family", equalTo("Oyèláràn")).body("name[0].given", contains("Kẹ́hìndé", "Zoé"))
                .body("identifier.find { it.system == 'http://rpps.fr' }.value", equalTo(rpps))
                .body("identifier.find { it.system == 'urn:oid:1.2.250.1.71.4.2.1' }.value", equalTo("8" + rpps))
                .body("qualification[0].code.text", equalTo("Médecin"));
        staff().queryParam("name", "oyelaran kehinde").get(BASE + "/Practitioner").then().statusCode(200)
                .body("entry.resource.id", hasItem(doctor));
        staff().queryParam("identifier", "http://rpps.fr|" + rpps).get(BASE + "/Practitioner").then()
                .body("entry.resource.id", contains(doctor));
        staff().queryParam("identifier", "urn:oid:1.2.250.1.71.4.2.1|8" + rpps).get(BASE + "/Practitioner").then()
                .body("entry.resource.id", contains(doctor));
        staff().queryParam("identifier", "urn:oid:9.9|" + rpps).get(BASE + "/Practitioner").then().body("entry", nullValue());
    }

    @Test
    void rolesCarryTheNumbersThatRingThereInRankOrderAndRestrictedOnesOnlyForTheSwitchboard() {
        String cardiologyRole = doctor.replace("-", "") + cardiology.replace("-", "");
        // Staff: the public numbers of that site, and those of no site, in rank order; no mobile (restricted).
        staff().get(BASE + "/PractitionerRole/{id}", cardiologyRole).then().statusCode(200)
                .body("organization.reference", equalTo("Organization/" + cardiology))
                .body("practitioner.reference", equalTo("Practitioner/" + doctor))
                .body("code[0].text", equalTo("Médecin — Praticien hospitalier"))
                .body("telecom.value", contains("4412", "k.oyelaran@example.org"))
                .body("telecom.rank", contains(1, 4));
        switchboard().get(BASE + "/PractitionerRole/{id}", cardiologyRole).then().statusCode(200)
                .body("telecom.value", contains("4412", "+33 6 12 34 56 78", "k.oyelaran@example.org"))
                .body("telecom.rank", contains(1, 2, 4))
                .body("telecom[1].system", equalTo("phone")).body("telecom[1].use", equalTo("mobile"));
        staff().queryParam("practitioner", "Practitioner/" + doctor).get(BASE + "/PractitionerRole").then()
                .body("entry.resource.organization.reference", containsInAnyOrder("Organization/" + cardiology,
                        "Organization/" + icu))
                .body("entry.find { it.resource.organization.reference == 'Organization/" + icu + "' }.resource.telecom.value",
                        contains("5120", "k.oyelaran@example.org"));
        staff().queryParam("organization", "Organization/" + icu).get(BASE + "/PractitionerRole").then()
                .body("entry.resource.practitioner.reference", contains("Practitioner/" + doctor));
        staff().get(BASE + "/PractitionerRole").then().statusCode(400).contentType(FHIR_JSON)
                .body("issue[0].diagnostics", containsString("practitioner"));
        staff().get(BASE + "/PractitionerRole/{id}", doctor.replace("-", "") + UUID.randomUUID().toString().replace("-", ""))
                .then().statusCode(404).contentType(FHIR_JSON);
    }

    @Test
    void sitesAndDepartmentsAreOrganizationsAndLocations() {
        staff().get(BASE + "/Organization/{id}", site).then().statusCode(200)
                .body("type[0].coding[0].code", equalTo("prov")).body("name", equalTo("Hôpital Saint-Éloi"));
        staff().get(BASE + "/Organization/{id}", cardiology).then().statusCode(200)
                .body("type[0].coding[0].code", equalTo("dept")).body("partOf.reference", equalTo("Organization/" + site));
        staff().queryParam("partof", "Organization/" + site).get(BASE + "/Organization").then()
                .body("entry.resource.id", contains(cardiology));
        staff().queryParam("type", "prov").queryParam("name", "etang").get(BASE + "/Organization").then()
                .body("entry.resource.id", contains(otherSite));
        staff().get(BASE + "/Location/{id}", icu).then().statusCode(200)
                .body("partOf.reference", equalTo("Location/" + otherSite))
                .body("managingOrganization.reference", equalTo("Organization/" + icu));
        staff().queryParam("name", "reanimation med").get(BASE + "/Location").then().body("entry.resource.id", hasItem(icu));
        staff().queryParam("type", "ward").get(BASE + "/Organization").then().statusCode(400);
    }

    @Test
    void everythingTheBaseEmitsValidates() {
        String cardiologyRole = doctor.replace("-", "") + cardiology.replace("-", "");
        for (RequestSpecification caller : List.of(staff(), switchboard())) {
            for (String path : List.of("/Practitioner/" + doctor, "/PractitionerRole/" + cardiologyRole,
                    "/PractitionerRole?practitioner=Practitioner/" + doctor, "/Practitioner?name=oyelaran",
                    "/Organization/" + site, "/Organization/" + cardiology, "/Organization?_count=2",
                    "/Location/" + site, "/Location/" + icu, "/Location?partof=Location/" + otherSite)) {
                String json = caller.get(BASE + path).then().statusCode(200).extract().asString();
                assertEquals(List.of(), FhirConformance.errors(json), "validation errors in " + json);
            }
        }
        assertEquals(List.of(), FhirConformance.errors(RestAssured.get(BASE + "/metadata").then().statusCode(200)
                .contentType(FHIR_JSON).body("rest[0].resource.type",
                        contains("Practitioner", "PractitionerRole", "Organization", "Location"))
                .extract().asString()));
    }

    @Test
    void pagingFollowsNextLinks() {
        List<String> seen = new ArrayList<>();
        String next = BASE + "/Organization?_count=1";
        int pages = 0;
        while (next != null && pages < 10_000) {
            io.restassured.response.Response page = staff().get(next.replace("https://relais-a.test", ""));
            page.then().statusCode(200).body("entry", hasSize(1));
            seen.add(page.path("entry[0].resource.id"));
            next = page.path("link.find { it.relation == 'next' }.url");
            pages++;
        }
        assertEquals(seen.size(), seen.stream().distinct().count(), "no organization twice");
        org.hamcrest.MatcherAssert.assertThat(seen, org.hamcrest.Matchers.hasItems(site, otherSite, cardiology, icu));
        RestAssured.get(BASE + "/Practitioner/{id}", doctor).then().statusCode(401).contentType(FHIR_JSON);
        staff().get(BASE + "/Practitioner/{id}", UUID.randomUUID()).then().statusCode(404)
                .body("issue[0].code", equalTo("not-found")).body("issue", not(hasSize(0)));
    }
}
