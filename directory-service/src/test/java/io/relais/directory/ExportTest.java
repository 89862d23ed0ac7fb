package io.relais.directory;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static io.relais.directory.Api.contact;
import static io.relais.directory.Api.createDepartment;
import static io.relais.directory.Api.createPerson;
import static io.relais.directory.Api.createSite;
import static io.relais.directory.Api.createSlot;
import static io.relais.directory.Api.staff;
import static io.relais.directory.Api.switchboard;
import static io.relais.directory.Api.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The paper fallback: what is printed must be readable, complete and say how fresh it is. */
@QuarkusTest
@QuarkusTestResource(DirectoryTestResource.class)
class ExportTest {

    static String code;
    static String site;

    @BeforeEach
    void seed() {
        if (site != null) {
            return;
        }
        code = unique("print");
        site = createSite(code, "Hôpital Hôtel-Dieu");
        String other = createSite(unique("print"), "Hôpital Ailleurs");
        String urg = createDepartment(site, "urg", "Urgences médico-judiciaires");
        String rea = createDepartment(site, "rea", "Réanimation");
        String a = createPerson("Lefèvre", "Anne-Sophie", "Médecin", rea, contact("dect", "7712", "public"),
                contact("mobile", "06 12 34 56 78", "restricted"));
        createPerson("Çelik", "Zoë", "Infirmière", urg, contact("extension", "4512", "public"));
        // A DECT of another site does not ring here: it is left out of this site's book.
        createPerson("=HYPERLINK(\"x\")", "Ève", "Secrétaire", urg, contact("extension", "4513", "public"),
                java.util.Map.of("kind", "dect", "value", "9999", "visibility", "public", "siteId", other));
        for (int i = 0; i < 140; i++) {
            createPerson("Agent" + i, "Prénom", "Agent hospitalier", urg, contact("extension", String.valueOf(5000 + i), "public"));
        }
        createSlot(rea, "Réanimateur de garde", a, "2026-12-01T17:00:00Z", "2026-12-02T07:00:00Z");
    }

    @Test
    void theCsvOpensInAFrenchSpreadsheetWithAccentsIntact() {
        byte[] csv = staff().get("/api/directory/sites/{s}/phone-book?format=csv", site).then().statusCode(200)
                .contentType(containsString("text/csv"))
                .header("Content-Disposition", containsString("annuaire-" + code))
                .extract().asByteArray();
        assertArrayEquals(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, Arrays.copyOf(csv, 3), "UTF-8 BOM");
        String text = new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8);
        List<String> lines = text.lines().toList();
        assertEquals("Service;Nom;Profession / fonction;Numéros", lines.get(0));
        assertTrue(text.contains("\r\n"), "CRLF line ends");
        assertTrue(text.contains("Réanimation;LEFÈVRE Anne-Sophie;Médecin;DECT 7712"), text);
        assertTrue(text.contains("Urgences médico-judiciaires;ÇELIK Zoë;Infirmière;Poste 4512"), text);
        assertFalse(text.contains("06 12 34 56 78"), "restricted number printed for a staff member");
        assertFalse(text.contains("9999"), "another site's DECT printed");
        assertTrue(text.contains(";\"'=HYPERLINK"), "a formula-looking name is defused");

        String forSwitchboard = switchboard().get("/api/directory/sites/{s}/phone-book?format=csv", site).asString();
        assertTrue(forSwitchboard.contains("DECT 7712 / Mobile 06 12 34 56 78"), "one line per person, numbers in rank order: " + forSwitchboard);
    }

    @Test
    void thePdfPhoneBookReadsBackWithItsStampOnEveryPage() throws Exception {
        Response response = staff().get("/api/directory/sites/{s}/phone-book", site);
        response.then().statusCode(200).contentType("application/pdf")
                .header("X-Relais-Data-As-Of", org.hamcrest.Matchers.notNullValue());
        byte[] pdf = response.asByteArray();
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            int pages = doc.getNumberOfPages();
            assertTrue(pages >= 3, "143 people fill several pages, got " + pages);
            assertEquals(PDRectangle.A4.getWidth(), doc.getPage(0).getMediaBox().getWidth(), 0.5);
            PDFTextStripper stripper = new PDFTextStripper();
            String all = stripper.getText(doc);
            assertTrue(all.contains("LEFÈVRE Anne-Sophie"), all);
            assertTrue(all.contains("ÇELIK Zoë"));
            assertTrue(all.contains("Urgences médico-judiciaires (suite)"), "a department running over a page says so");
            assertFalse(all.contains("06 12 34 56 78"), "restricted number printed for a staff member");
            for (int page = 1; page <= pages; page++) {
                stripper.setStartPage(page);
                stripper.setEndPage(page);
                String text = stripper.getText(doc);
                assertTrue(text.contains("Annuaire téléphonique — Hôpital Hôtel-Dieu (" + code + ")"), "page " + page);
                assertTrue(text.contains("Imprimé le ") && text.contains("données au "), "page " + page + ": " + text);
                assertTrue(text.contains("page " + page + " / " + pages), "page " + page);
            }
            // Every listed person appears exactly once.
            stripper.setStartPage(1);
            stripper.setEndPage(pages);
            String text = stripper.getText(doc);
            for (int i = 0; i < 140; i++) {
                assertEquals(1, text.split("AGENT" + i + " Prénom", -1).length - 1, "AGENT" + i);
            }
            Path png = Path.of("target/phone-book-page-1.png");
            ImageIO.write(new PDFRenderer(doc).renderImageWithDPI(0, 110, ImageType.GRAY), "png", png.toFile());
            assertTrue(Files.size(png) > 10_000);
        }
    }

    @Test
    void theOnCallListCoversTheDaysAskedFor() throws Exception {
        byte[] pdf = staff().get("/api/directory/sites/{s}/on-call-list?from=2026-12-01&to=2026-12-07", site)
                .then().statusCode(200).contentType("application/pdf").extract().asByteArray();
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(doc);
            assertTrue(text.contains("Gardes et astreintes du 01/12/2026 au 07/12/2026"), text);
            assertTrue(text.contains("Réanimateur de garde"), text);
            assertTrue(text.contains("mar. 01/12 18:00"), "local start time: " + text);
            assertTrue(text.contains("LEFÈVRE Anne-Sophie"));
        }
        String csv = staff().get("/api/directory/sites/{s}/on-call-list?from=2026-12-05&to=2026-12-07&format=csv", site)
                .then().statusCode(200).extract().asString();
        assertEquals(1, csv.lines().count(), "no slot in that week: header only, got " + csv);

        staff().get("/api/directory/sites/{s}/on-call-list?from=2026-12-07&to=2026-12-01", site).then().statusCode(400)
                .body("errors[0].field", equalTo("to"));
        staff().get("/api/directory/sites/{s}/on-call-list?from=2026-01-01&to=2026-12-31", site).then().statusCode(400)
                .body("errors[0].message", containsString("days"));
        staff().get("/api/directory/sites/{s}/phone-book?format=docx", site).then().statusCode(400)
                .body("errors[0].field", equalTo("format"));
    }
}
