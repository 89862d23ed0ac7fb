package io.relais.directory;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import static io.relais.directory.Api.admin;
import static io.relais.directory.Api.createDepartment;
import static io.relais.directory.Api.createSite;
import static io.relais.directory.Api.csv;
import static io.relais.directory.Api.staff;
import static io.relais.directory.Api.switchboard;
import static io.relais.directory.Api.unique;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The HR feed and the rota spreadsheet: all or nothing, and safe to send twice. */
@QuarkusTest
@QuarkusTestResource(DirectoryTestResource.class)
class ImportTest {

    @Test
    void anHrFileCreatesThenUpdatesThenChangesNothing() {
        String code = unique("imp");
        String site = createSite(code, "Hôpital Saint-Louis");
        createDepartment(site, "hema", "Hématologie");
        createDepartment(site, "onco", "Oncologie");
        String id1 = unique("E");
        String id2 = unique("E");
        String file = """
                external_id,family_name,given_names,profession,title,rpps,departments,contacts
                %s,Gaillard,Émile,Médecin,Chef de service,10000000009,%s/hema|%s/onco,dect:7100|mobile:06 11 22 33 44:restricted
                %s,"N'Diaye","Aïssatou",Infirmière,,,%s/onco,extension:4200
                """.formatted(id1, code, code, id2, code);
        csv(file).post("/api/directory/import/people").then().statusCode(200)
                .body("rows", equalTo(2)).body("created", equalTo(2)).body("unchanged", equalTo(0))
                .body("encoding", equalTo("UTF-8"));

        switchboard().get("/api/directory/people?q=gaillard&site={s}", site).then().statusCode(200)
                .body("items[0].givenNames", equalTo("Émile"))
                .body("items[0].title", equalTo("Chef de service"))
                .body("items[0].departments.code", hasItems("hema", "onco"))
                .body("items[0].contactPoints.kind", contains("dect", "mobile"))
                .body("items[0].contactPoints[1].visibility", equalTo("restricted"));
        staff().get("/api/directory/people?q=n diaye&site={s}", site).then().statusCode(200)
                .body("items[0].familyName", equalTo("N'Diaye"));

        csv(file).post("/api/directory/import/people").then().statusCode(200)
                .body("created", equalTo(0)).body("updated", equalTo(0)).body("unchanged", equalTo(2));

        csv(file.replace("extension:4200", "extension:4201")).post("/api/directory/import/people").then().statusCode(200)
                .body("updated", equalTo(1)).body("unchanged", equalTo(1));
        staff().get("/api/directory/people?q=n diaye&site={s}", site).then()
                .body("items[0].contactPoints[0].value", equalTo("4201"))
                .body("items[0].version", equalTo(2));
    }

    @Test
    void aFileThatIsNeitherUtf8NorPlainlyWindows1252IsRefusedNamingTheLine() {
        String header = "external_id;family_name;given_names;profession;departments\n";
        byte[] utf8Row = "E1;Bussière;Élodie;Médecin;x/y\n".getBytes(StandardCharsets.UTF_8);
        byte[] cp1252Row = "E2;Lefèvre;Anaïs;Infirmière;x/y\n".getBytes(Charset.forName("windows-1252"));
        java.io.ByteArrayOutputStream mixed = new java.io.ByteArrayOutputStream();
        mixed.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        mixed.writeBytes(utf8Row);
        mixed.writeBytes(cp1252Row);
        admin().contentType("text/csv").body(mixed.toByteArray()).post("/api/directory/import/people").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("rows[3]"))
                .body("errors[0].message", containsString("mixes two encodings"));

        byte[] undefined = (header + "E3;Dupont;Jean;Médecin;x/y\n").getBytes(Charset.forName("windows-1252"));
        undefined[header.length() + 5] = (byte) 0x81;
        admin().contentType("text/csv").body(undefined).post("/api/directory/import/people").then()
                .statusCode(400).body("errors[0].field", equalTo("rows[2]"))
                .body("errors[0].message", containsString("neither UTF-8 nor Windows-1252"));
    }

    @Test
    void aFrenchExcelFileWithSemicolonsAndWindows1252IsRead() {
        String code = unique("xls");
        String site = createSite(code, "Hôpital Pitié");
        createDepartment(site, "neuro", "Neurologie");
        String file = "external_id;family_name;given_names;profession;departments\r\n"
                + unique("X") + ";Bérénice;Françoise;Aide-soignante;" + code + "/neuro\r\n";
        admin().contentType("text/csv").body(file.getBytes(Charset.forName("windows-1252")))
                .post("/api/directory/import/people").then().statusCode(200)
                .body("created", equalTo(1)).body("encoding", equalTo("windows-1252"));
        staff().get("/api/directory/people?q=berenice&site={s}", site).then()
                .body("items[0].familyName", equalTo("Bérénice")).body("items[0].givenNames", equalTo("Françoise"));
    }

    @Test
    void aFileWithAnyErrorChangesNothingAndSaysWhereEveryErrorIs() throws Exception {
        String code = unique("bad");
        String site = createSite(code, "Hôpital Trousseau");
        createDepartment(site, "ped", "Pédiatrie");
        String good = unique("G");
        String file = """
                external_id,family_name,given_names,profession,rpps,departments,contacts
                %s,Valide,Victor,Médecin,,%s/ped,dect:1234
                %s,,Sans Nom,Médecin,,%s/ped,
                BAD1,Faux,Service,Médecin,,%s/nope,
                BAD2,Numéro,Faux,Médecin,12345678901,%s/ped,dect:12a4
                %s,Doublon,Ligne,Médecin,,%s/ped,fax
                """.formatted(good, code, unique("N"), code, code, code, good, code);
        long before = count();
        csv(file).post("/api/directory/import/people").then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("nothing was imported"))
                .body("errors.field", hasItems("rows[3].family_name", "rows[4].departments", "rows[5].rpps",
                        "rows[5].contacts", "rows[6].external_id", "rows[6].contacts"));
        assertEquals(before, count(), "a rejected file wrote people");
        staff().get("/api/directory/people?q=valide&site={s}", site).then().body("items.size()", equalTo(0));
    }

    @Test
    void aBrokenHeaderOrShapeIsExplained() {
        csv("name,phone\nA,1\n").post("/api/directory/import/people").then().statusCode(400)
                .body("errors[0].field", equalTo("header")).body("errors[0].message", containsString("missing column"));
        csv("external_id,family_name,given_names,profession,departments\nA,B\n").post("/api/directory/import/people")
                .then().statusCode(400).body("errors[0].field", equalTo("rows[2]"));
        csv("").post("/api/directory/import/people").then().statusCode(400).body("errors[0].field", equalTo("body"));
        admin().contentType("application/json").body("{}").post("/api/directory/import/people").then().statusCode(415);
        staff().contentType("text/csv").body("x").post("/api/directory/import/people").then().statusCode(403);
    }

    @Test
    void aRotaSpreadsheetImportsOnceInLocalTime() {
        String code = unique("rota");
        String site = createSite(code, "Hôpital Beaujon");
        String dep = createDepartment(site, "chir", "Chirurgie digestive");
        String who = unique("R");
        csv("external_id,family_name,given_names,profession,departments\n" + who + ",Lambert,Yves,Chirurgien," + code + "/chir\n")
                .post("/api/directory/import/people").then().statusCode(200);
        String rota = """
                site;department;role;person;starts_at;ends_at
                %s;chir;Chirurgien d'astreinte;%s;01/12/2026 18:30;02/12/2026 08:30
                %s;chir;Chirurgien d'astreinte;%s;2026-12-02 18:30;2026-12-03 08:30
                %s;chir;Chirurgien d'astreinte;%s;2026-12-03T17:30:00Z;2026-12-04T07:30:00Z
                """.formatted(code, who, code, who, code, who);
        csv(rota).post("/api/directory/import/rota").then().statusCode(200).body("created", equalTo(3));
        csv(rota).post("/api/directory/import/rota").then().statusCode(200).body("created", equalTo(0))
                .body("unchanged", equalTo(3));
        // 18:30 in Paris in December is 17:30 UTC.
        staff().get("/api/directory/on-call?department={d}&at=2026-12-01T17:45:00Z", dep).then()
                .body("departments[0].onCall[0].startsAt", equalTo("2026-12-01T17:30:00Z"))
                .body("departments[0].onCall[0].person.familyName", equalTo("Lambert"));

        csv("""
                site,department,role,person,starts_at,ends_at
                %s,chir,Garde,nobody,2026-12-01 08:00,2026-12-01 07:00
                %s,nope,Garde,%s,demain,2026-12-01 07:00
                """.formatted(code, code, who)).post("/api/directory/import/rota").then().statusCode(400)
                .body("errors.field", hasItems("rows[2].person", "rows[2].ends_at", "rows[3].department", "rows[3].starts_at"));
        staff().get("/api/directory/rota?department={d}&from=2026-11-01T00:00:00Z&to=2026-12-31T00:00:00Z", dep)
                .then().body("items.size()", equalTo(3)).body("items.roleLabel", hasItem("Chirurgien d'astreinte"));
    }

    private static long count() throws Exception {
        return DirectoryDatabase.scalar("SELECT (SELECT count(*) FROM person) + (SELECT count(*) FROM contact_point)"
                + " + (SELECT count(*) FROM person_department)", Long.class);
    }
}
