package io.relais.common.search;

import io.relais.common.problem.ProblemException;
import jakarta.persistence.EntityManager;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Accent-, case- and typo-tolerant name search, in two steps. Each word of the query is first
 * corrected against the lexicon of name words ({@code relais_name_word}: exact, then prefix —
 * search as you type —, then trigram-similar words); then rows whose {@code search_words} hold a
 * candidate for every query word are found through the GIN index on that array, ranked by how
 * well their words match. See {@code db/relais-common/V0_3__relais_name_words.sql}.
 */
public final class NameSearch {

    /** More words than this in a query is not a name. */
    public static final int MAX_WORDS = 5;
    /** Candidate corrections kept per query word. */
    private static final int CANDIDATES = 50;
    private static final String LEXICON = """
            SELECT q.ord, n.word,
                   CASE WHEN n.word = q.w THEN 3.0 WHEN n.word LIKE q.w || '%' THEN 2.0 ELSE similarity(n.word, q.w) END,
                   cardinality(relais_name_words(:text))
              FROM unnest(relais_name_words(:text)) WITH ORDINALITY AS q(w, ord)
             CROSS JOIN LATERAL (
                   SELECT word FROM relais_name_word n
                    WHERE n.word LIKE q.w || '%' OR n.word % q.w
                    ORDER BY n.word = q.w DESC, n.word LIKE q.w || '%' DESC, similarity(n.word, q.w) DESC, n.word
                    LIMIT\s""" + CANDIDATES + ") n ORDER BY q.ord";

    /** The corrections of one query word, with how good each is (3 exact, 2 prefix, else similarity). */
    public record Term(List<String> words, List<Double> scores) {
    }

    private final List<Term> terms;

    private NameSearch(List<Term> terms) {
        this.terms = terms;
    }

    /**
     * Looks the query's words up in the lexicon. {@code field} names the parameter in a 400.
     * A query word with no correction at all means nothing can match: {@link #matchesNothing()}.
     */
    @SuppressWarnings("unchecked")
    public static NameSearch of(EntityManager em, String field, String text) {
        // LIKE wildcards are not name characters; dropping them keeps the prefix match literal.
        String cleaned = text.replaceAll("[%_\\\\]", " ").trim();
        if (cleaned.split("\\s+").length > MAX_WORDS) {
            throw ProblemException.invalid(field, "at most " + MAX_WORDS + " words");
        }
        List<Object[]> rows = em.createNativeQuery(LEXICON).setParameter("text", cleaned.toLowerCase(Locale.ROOT))
                .getResultList();
        List<Term> terms = new ArrayList<>();
        long currentOrd = -1;
        for (Object[] row : rows) {
            long ord = ((Number) row[0]).longValue();
            if (ord != currentOrd) {
                terms.add(new Term(new ArrayList<>(), new ArrayList<>()));
                currentOrd = ord;
            }
            Term term = terms.get(terms.size() - 1);
            term.words().add((String) row[1]);
            term.scores().add(((Number) row[2]).doubleValue());
        }
        long queryWords = rows.isEmpty() ? 0 : ((Number) rows.get(0)[3]).longValue();
        return new NameSearch(rows.isEmpty() || terms.size() < queryWords ? null : terms);
    }

    public boolean matchesNothing() {
        return terms == null;
    }

    /** {@code AND alias.search_words && :nameWordsN ...}: every query word must match one of the row's words. */
    public String where(String alias) {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < terms.size(); i++) {
            sql.append(" AND ").append(alias).append(".search_words && CAST(:nameWords").append(i).append(" AS text[])");
        }
        return sql.toString();
    }

    /** A score to sort by, descending: for each query word, the best score among the row's matching words. */
    public String score(String alias) {
        StringBuilder sql = new StringBuilder("(0");
        for (int i = 0; i < terms.size(); i++) {
            sql.append(" + (SELECT max(s.score) FROM unnest(CAST(:nameWords").append(i).append(" AS text[]), CAST(:nameScores")
                    .append(i).append(" AS float8[])) AS s(word, score) WHERE s.word = ANY(").append(alias).append(".search_words))");
        }
        return sql.append(")").toString();
    }

    /** Binds the parameters {@link #where} and {@link #score} use. */
    public void bind(jakarta.persistence.Query query) {
        for (int i = 0; i < terms.size(); i++) {
            query.setParameter("nameWords" + i, arrayLiteral(terms.get(i).words()));
            query.setParameter("nameScores" + i, arrayLiteral(terms.get(i).scores().stream().map(String::valueOf).toList()));
        }
    }

    private static String arrayLiteral(List<String> values) {
        StringBuilder literal = new StringBuilder("{");
        for (String v : values) {
            if (literal.length() > 1) {
                literal.append(',');
            }
            literal.append('"').append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return literal.append('}').toString();
    }
}
