package io.relais.directory;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.relais.directory.person.PersonRepository;
import io.relais.directory.person.PersonSearch;
import io.relais.common.paging.PageRequest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static io.relais.directory.Api.createDepartment;
import static io.relais.directory.Api.createPerson;
import static io.relais.directory.Api.createSite;
import static io.relais.directory.Api.staff;
import static io.relais.directory.Api.unique;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** Searching staff the way a switchboard operator types: no accents, wrong case, a typo. */
@QuarkusTest
@QuarkusTestResource(DirectoryTestResource.class)
class SearchTest {

    @Inject
    PersonRepository people;

    @Inject
    AgroalDataSource dataSource;

    static String site;
    static String otherSite;
    static String cardio;
    static String pneumo;

    @BeforeEach
    void seed() {
        if (site != null) {
            return;
        }
        site = createSite(unique("search"), "Hôpital de la Recherche");
        otherSite = createSite(unique("search"), "Autre hôpital");
        cardio = createDepartment(site, "cardio", "Cardiologie");
        pneumo = createDepartment(site, "pneumo", "Pneumologie");
        String elsewhere = createDepartment(otherSite, "cardio", "Cardiologie");
        createPerson("Bussière", "Hélène", "Médecin", cardio);
        createPerson("Dupont", "Jean-François", "Médecin", pneumo);
        createPerson("Dupontel", "Albert", "Infirmier", cardio);
        createPerson("Dupond", "Jeanne", "Infirmier", elsewhere);
        createPerson("Œillet", "Zoé", "Sage-femme", pneumo);
        for (int i = 0; i < 25; i++) {
            createPerson("Garnier", "Agent " + i, "Agent hospitalier", pneumo);
        }
    }

    @Test
    void accentsAndCaseDoNotMatter() {
        staff().get("/api/directory/people?q=bussiere").then().statusCode(200)
                .body("items.familyName", hasItem("Bussière"))
                .body("items[0].familyName", equalTo("Bussière"));
        staff().get("/api/directory/people?q=HELENE BUSSIERE").then().statusCode(200)
                .body("items.familyName", hasItem("Bussière"));
    }

    @Test
    void hyphensAndApostrophesAreSpaces() {
        staff().get("/api/directory/people?q=jean-francois").then().statusCode(200)
                .body("items.givenNames", hasItem("Jean-François"));
        staff().get("/api/directory/people?q=jean francois dupont").then().statusCode(200)
                .body("items[0].givenNames", equalTo("Jean-François"));
    }

    @Test
    void typosFindTheClosestNamesFirst() {
        staff().get("/api/directory/people?q=dupond&site={s}", site).then().statusCode(200)
                .body("items.familyName", hasItem("Dupont"))
                .body("items.familyName", not(hasItem("Dupond")));
        // The exact name ranks above the one-letter-off name.
        staff().get("/api/directory/people?q=dupond").then().statusCode(200)
                .body("items[0].familyName", equalTo("Dupond"))
                .body("items.familyName", hasItem("Dupont"));
        staff().get("/api/directory/people?q=busiere").then().statusCode(200)
                .body("items.familyName", hasItem("Bussière"));
    }

    @Test
    void filtersBySiteDepartmentAndProfession() {
        staff().get("/api/directory/people?q=dupont&department={d}", cardio).then().statusCode(200)
                .body("items.familyName", contains("Dupontel"));
        staff().get("/api/directory/people?profession=infirmier&site={s}", site).then().statusCode(200)
                .body("items.familyName", contains("Dupontel"));
        staff().get("/api/directory/people?q=oeillet").then().statusCode(200)
                .body("items.familyName", hasItem("Œillet"));
    }

    @Test
    void pagesAreStableAndSayWhetherMoreExist() {
        List<String> first = staff().get("/api/directory/people?q=garnier&size=10&department={d}", pneumo)
                .then().statusCode(200).body("items", hasSize(10)).body("next", notNullValue())
                .extract().path("items.id");
        List<String> second = staff().get("/api/directory/people?q=garnier&size=10&page=1&department={d}", pneumo)
                .then().statusCode(200).body("items", hasSize(10)).extract().path("items.id");
        staff().get("/api/directory/people?q=garnier&size=10&page=2&department={d}", pneumo)
                .then().statusCode(200).body("items", hasSize(5)).body("next", nullValue())
                .body("items.familyName", everyItem(equalTo("Garnier")));
        org.junit.jupiter.api.Assertions.assertTrue(first.stream().noneMatch(second::contains));
    }

    @Test
    void overLongAndUnmatchedQueriesAreAnsweredPlainly() {
        staff().get("/api/directory/people?q=" + "x".repeat(101)).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("q"));
        staff().get("/api/directory/people?q=zzzzqqq").then().statusCode(200).body("items", hasSize(0));
        staff().get("/api/directory/people?q=dupont&size=1").then().statusCode(200)
                .body("items", hasSize(1)).body("next", notNullValue());
    }

    @Test
    void bothStepsOfTheSearchCanUseTheirIndexes() throws Exception {
        // Guards the 50,000-people latency target: if either step stops being indexable (a changed
        // expression, a dropped index), its plan falls back to a sequential scan.
        // The lexicon is a few thousand words: its trigram index matters once it grows, not here.
        assertIndexed("SELECT indexdef FROM pg_indexes WHERE indexname = 'relais_name_word_trgm'", "gin (word gin_trgm_ops)");
        assertIndexed("EXPLAIN SELECT p.id FROM person p WHERE p.search_words && CAST('{dupont,dupond}' AS text[])",
                "person_search_words");
    }

    @Test
    void everyWordOfTheQueryMustMatch() {
        staff().get("/api/directory/people?q=dupont jean-francois").then().statusCode(200)
                .body("items.givenNames", contains("Jean-François"));
        staff().get("/api/directory/people?q=dupont zzzzqqq").then().statusCode(200).body("items", hasSize(0));
        staff().get("/api/directory/people?q=a b c d e f").then().statusCode(400).body("errors[0].field", equalTo("q"));
        // Search as you type: a prefix finds the name.
        staff().get("/api/directory/people?q=buss&site={s}", site).then().statusCode(200)
                .body("items[0].familyName", equalTo("Bussière"));
    }

    /**
     * A search is planned for its own words every time: never kept as a server-side prepared
     * statement, where PostgreSQL may fall back to one generic plan (a sequential scan at 50,000
     * people) for every later name. Twenty searches from this thread (Agroal hands it the same
     * connection each time: five would make pgjdbc prepare it), then that connection holds no
     * prepared search.
     */
    @Test
    void everySearchIsPlannedForItsOwnWords() throws Exception {
        for (int i = 0; i < 20; i++) {
            people.search(new PersonSearch(i % 2 == 0 ? "garnier" : "dupont", null, null, null, new PageRequest(0, 20)));
        }
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%search_words%'"
                        + " OR statement LIKE '%relais_name_word%'")) {
            rs.next();
            org.junit.jupiter.api.Assertions.assertEquals(0, rs.getLong(1), "searches held as prepared statements");
        }
    }

    private static void assertIndexed(String explain, String index) throws Exception {
        try (Connection c = DirectoryDatabase.superuser(); Statement st = c.createStatement()) {
            st.execute("SET enable_seqscan = off");
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = st.executeQuery(explain)) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            org.junit.jupiter.api.Assertions.assertTrue(plan.toString().contains(index)
                    && !plan.toString().contains("Seq Scan"), "expected " + index + " in:\n" + plan);
        }
    }
}
