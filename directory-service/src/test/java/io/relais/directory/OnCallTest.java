package io.relais.directory;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static io.relais.directory.Api.contact;
import static io.relais.directory.Api.createDepartment;
import static io.relais.directory.Api.createPerson;
import static io.relais.directory.Api.createSite;
import static io.relais.directory.Api.createSlot;
import static io.relais.directory.Api.staff;
import static io.relais.directory.Api.switchboard;
import static io.relais.directory.Api.unique;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/** "Who do I call?" — including the answer "nobody, until 18:00". */
@QuarkusTest
@QuarkusTestResource(DirectoryTestResource.class)
class OnCallTest {

    @Test
    void twoPeopleOnCallAtOnceAreBothListedWithTheirNumbersInRankOrder() {
        String site = createSite(unique("oncall"), "Hôpital Necker");
        String rea = createDepartment(site, "rea", "Réanimation");
        String a = createPerson("Moreau", "Claire", "Médecin", rea,
                contact("dect", "7001", "public"), contact("mobile", "06 00 00 00 01", "restricted"),
                contact("pager", "451", "public"));
        String b = createPerson("Fontaine", "Louis", "Médecin", rea, contact("extension", "4100", "public"));
        createSlot(rea, "Réanimateur de garde", a, "2026-12-01T17:00:00Z", "2026-12-02T07:00:00Z");
        createSlot(rea, "Réanimateur de garde (renfort)", b, "2026-12-01T20:00:00Z", "2026-12-02T02:00:00Z");

        staff().get("/api/directory/on-call?department={d}&at=2026-12-01T22:00:00Z", rea).then().statusCode(200)
                .body("at", equalTo("2026-12-01T22:00:00Z"))
                .body("departments", hasSize(1))
                .body("departments[0].nobodyOnCall", equalTo(false))
                .body("departments[0].onCall.person.familyName", containsInAnyOrder("Moreau", "Fontaine"))
                .body("departments[0].onCall.find { it.person.familyName == 'Moreau' }.contactPoints.kind",
                        contains("dect", "pager"))
                .body("departments[0].onCall.find { it.person.familyName == 'Moreau' }.roleLabel",
                        equalTo("Réanimateur de garde"));
        // The switchboard also gets the restricted mobile, in its rank.
        switchboard().get("/api/directory/on-call?department={d}&at=2026-12-01T22:00:00Z", rea).then().statusCode(200)
                .body("departments[0].onCall.find { it.person.familyName == 'Moreau' }.contactPoints.kind",
                        contains("dect", "mobile", "pager"));
        // The end is exclusive: at 02:00 only the first slot is running.
        staff().get("/api/directory/on-call?department={d}&at=2026-12-02T02:00:00Z", rea).then().statusCode(200)
                .body("departments[0].onCall.person.familyName", contains("Moreau"));
    }

    @Test
    void aGapIsSaidOutLoudWithWhenItEnds() {
        String site = createSite(unique("gap"), "Hôpital Bichat");
        String urg = createDepartment(site, "urg", "Urgences");
        String p = createPerson("Blanc", "Hugo", "Médecin", urg);
        createSlot(urg, "Urgentiste d'astreinte", p, "2026-12-01T08:00:00Z", "2026-12-01T12:00:00Z");
        createSlot(urg, "Urgentiste d'astreinte", p, "2026-12-01T14:00:00Z", "2026-12-01T18:00:00Z");

        staff().get("/api/directory/on-call?department={d}&at=2026-12-01T13:00:00Z", urg).then().statusCode(200)
                .body("departments[0].nobodyOnCall", equalTo(true))
                .body("departments[0].onCall", empty())
                .body("departments[0].nextSlotStartsAt", equalTo("2026-12-01T14:00:00Z"));
        staff().get("/api/directory/on-call?department={d}&at=2026-12-02T13:00:00Z", urg).then().statusCode(200)
                .body("departments[0].nobodyOnCall", equalTo(true))
                .body("departments[0].nextSlotStartsAt", nullValue());
    }

    @Test
    void aWholeSiteListsEveryDepartmentEvenTheEmptyOnes() {
        String site = createSite(unique("site"), "Hôpital Tenon");
        String cardio = createDepartment(site, "cardio", "Cardiologie");
        createDepartment(site, "derm", "Dermatologie");
        String p = createPerson("Noël", "Inès", "Médecin", cardio, contact("dect", "3300", "public"));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        createSlot(cardio, "Cardiologue de garde", p, now.minus(1, ChronoUnit.HOURS).toString(),
                now.plus(1, ChronoUnit.HOURS).toString());

        // Without "at", the answer is for now.
        staff().get("/api/directory/on-call?site={s}", site).then().statusCode(200)
                .body("departments.department.name", contains("Cardiologie", "Dermatologie"))
                .body("departments[0].onCall[0].person.familyName", equalTo("Noël"))
                .body("departments[0].onCall[0].contactPoints[0].value", equalTo("3300"))
                .body("departments[1].nobodyOnCall", equalTo(true));
    }

    @Test
    void askingForBothOrNeitherScopeIsABadRequest() {
        String site = createSite(unique("scope"), "Hôpital Cochin");
        String dep = createDepartment(site, "x", "X");
        staff().get("/api/directory/on-call").then().statusCode(400).body("errors[0].field", equalTo("department"));
        staff().get("/api/directory/on-call?site={s}&department={d}", site, dep).then().statusCode(400);
        staff().get("/api/directory/on-call?site={s}&at=tomorrow", site).then().statusCode(400)
                .body("errors[0].field", equalTo("at"));
        staff().queryParams(Map.of("department", java.util.UUID.randomUUID().toString()))
                .get("/api/directory/on-call").then().statusCode(404);
    }
}
