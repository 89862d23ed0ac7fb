package io.relais.directory;

import io.relais.testing.TestTokens;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Small helpers shared by the directory-service tests. */
public final class Api {

    private Api() {
    }

    public static RequestSpecification as(String subject, String... roles) {
        return RestAssured.given().auth().oauth2(TestTokens.token(subject, roles)).contentType(ContentType.JSON);
    }

    public static RequestSpecification admin() {
        return as("rh.admin", "directory-admin");
    }

    /** An HR feed or a rota spreadsheet, posted by the directory's administrator. */
    public static RequestSpecification csv(String body) {
        return admin().contentType("text/csv").body(body.getBytes(StandardCharsets.UTF_8));
    }

    /** Any staff member: a valid token, no directory role. */
    public static RequestSpecification staff() {
        return as("ide.durand", "clinician");
    }

    public static RequestSpecification switchboard() {
        return as("standard.necker", "switchboard");
    }

    /** A code no other test uses, so that test classes sharing the database never collide. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static String createSite(String code, String name) {
        return admin().body(Map.of("code", code, "name", name)).post("/api/directory/sites")
                .then().statusCode(201).extract().path("id");
    }

    public static String createDepartment(String siteId, String code, String name) {
        return admin().body(Map.of("siteId", siteId, "code", code, "name", name)).post("/api/directory/departments")
                .then().statusCode(201).extract().path("id");
    }

    public static Map<String, Object> person(String family, String given, String profession, List<String> departmentIds,
                                             List<Map<String, Object>> contactPoints) {
        Map<String, Object> p = new HashMap<>();
        p.put("familyName", family);
        p.put("givenNames", given);
        p.put("profession", profession);
        p.put("departmentIds", departmentIds);
        p.put("contactPoints", contactPoints);
        return p;
    }

    public static Map<String, Object> contact(String kind, String value, String visibility) {
        return Map.of("kind", kind, "value", value, "visibility", visibility);
    }

    public static String createPerson(String family, String given, String profession, String departmentId,
                                      Map<String, Object>... contactPoints) {
        return admin().body(person(family, given, profession, List.of(departmentId), new ArrayList<>(List.of(contactPoints))))
                .post("/api/directory/people").then().statusCode(201).extract().path("id");
    }

    public static String createSlot(String departmentId, String role, String personId, String startsAt, String endsAt) {
        return admin().body(Map.of("departmentId", departmentId, "roleLabel", role, "personId", personId,
                        "startsAt", startsAt, "endsAt", endsAt))
                .post("/api/directory/rota").then().statusCode(201).extract().path("id");
    }
}
