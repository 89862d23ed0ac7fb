package io.relais.common.search;

import io.relais.common.problem.ProblemException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

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
    /**
     * Weaker corrections than this are not worth the rows they bring in ("marie" for "martin" is
     * 0.3); a one-letter typo in a name of six or more letters stays above it.
     */
    private static final double MIN_SIMILARITY = 0.45;
    /** Candidate corrections kept per query word. */
    private static final int CANDIDATES = 50;
    private static final String LEXICON = """
            SELECT q.ord, n.word,
                   CASE WHEN n.word = q.w THEN 3.0 WHEN n.word LIKE q.w || '%' THEN 2.0 ELSE similarity(n.word, q.w) END,
                   cardinality(relais_name_words(?))
              FROM unnest(relais_name_words(?)) WITH ORDINALITY AS q(w, ord)
             CROSS JOIN LATERAL (
                   SELECT word FROM relais_name_word n
                    WHERE n.word LIKE q.w || '%' OR (n.word % q.w AND similarity(n.word, q.w) >= """ + MIN_SIMILARITY + """
                    )
                    ORDER BY n.word = q.w DESC, n.word LIKE q.w || '%' DESC, similarity(n.word, q.w) DESC, n.word
                    LIMIT\s""" + CANDIDATES + ") n ORDER BY q.ord";

    /** The corrections of one query word, with how good each is (3 exact, 2 prefix, else similarity). */
    public record Term(List<String> words, List<Double> scores) {

        List<String> withScore(double score) {
            List<String> matching = new ArrayList<>();
            for (int i = 0; i < words.size(); i++) {
                if (scores.get(i) == score) {
                    matching.add(words.get(i));
                }
            }
            return matching;
        }
    }

    private final List<Term> terms;

    private NameSearch(List<Term> terms) {
        this.terms = terms == null ? null
                : terms.stream().map(t -> new Term(List.copyOf(t.words()), List.copyOf(t.scores()))).toList();
    }

    /**
     * Looks the query's words up in the lexicon (prefer {@link NameLexicon}, which remembers recent lookups). {@code field} names the parameter in a 400.
     * A query word with no correction at all means nothing can match: {@link #matchesNothing()}.
     */
    public static NameSearch of(Connection connection, String field, String text) throws SQLException {
        // LIKE wildcards are not name characters; dropping them keeps the prefix match literal.
        String cleaned = text.replaceAll("[%_\\\\]", " ").trim().toLowerCase(Locale.ROOT);
        if (cleaned.split("\\s+").length > MAX_WORDS) {
            throw ProblemException.invalid(field, "at most " + MAX_WORDS + " words");
        }
        List<Term> terms = new ArrayList<>();
        long queryWords = 0;
        try (PreparedStatement lexicon = SqlQuery.plannedForItsValues(connection, LEXICON)) {
            lexicon.setString(1, cleaned);
            lexicon.setString(2, cleaned);
            try (ResultSet rs = lexicon.executeQuery()) {
                long currentOrd = -1;
                while (rs.next()) {
                    if (rs.getLong(1) != currentOrd) {
                        terms.add(new Term(new ArrayList<>(), new ArrayList<>()));
                        currentOrd = rs.getLong(1);
                    }
                    Term term = terms.get(terms.size() - 1);
                    term.words().add(rs.getString(2));
                    term.scores().add(rs.getDouble(3));
                    queryWords = rs.getLong(4);
                }
            }
        }
        return new NameSearch(terms.isEmpty() || terms.size() < queryWords ? null : terms);
    }

    /** Every query word is itself a known name word: new names can only add prefix or typo candidates. */
    public boolean exactForEveryWord() {
        return terms != null && terms.stream().allMatch(t -> t.scores().contains(3.0));
    }

    public boolean matchesNothing() {
        return terms == null;
    }

    /** Every query word must match one of the row's words (GIN-indexed array overlap). */
    public void where(SqlQuery query, String alias) {
        whereWords(query, alias + ".search_words");
    }

    /**
     * Every query word must match one of the words of {@code wordsExpression}, a SQL text[]
     * expression such as {@code relais_name_words(p.family_name)}: narrows a {@link #where} match
     * to one part of the name (FHIR's {@code family}, {@code given}). Not indexed: use it after {@link #where}.
     */
    public void whereWords(SqlQuery query, String wordsExpression) {
        for (Term term : terms) {
            query.append(" AND " + wordsExpression + " && CAST(? AS text[])", arrayLiteral(term.words()));
        }
    }

    /**
     * A score to sort by, descending: per query word 3 when the row holds it exactly, 2 when it
     * holds a word it starts, 1 for a typo-corrected word. Array overlaps on a handful of words,
     * cheap on the thousands of rows a common name brings.
     */
    public void score(SqlQuery query, String alias) {
        query.append("(0");
        for (Term term : terms) {
            query.append(" + CASE WHEN " + alias + ".search_words && CAST(? AS text[]) THEN 3 WHEN " + alias
                    + ".search_words && CAST(? AS text[]) THEN 2 ELSE 1 END",
                    arrayLiteral(term.withScore(3.0)), arrayLiteral(term.withScore(2.0)));
        }
        query.append(")");
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
