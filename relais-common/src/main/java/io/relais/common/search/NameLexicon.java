package io.relais.common.search;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the lexicon lookups of recent queries for {@value #TTL_MILLIS} ms: switchboards type
 * the same few hundred names all day, and each lookup is a database round trip. Only lookups where
 * every query word is a known name word are kept, so a name added since can at worst be missing
 * as an extra prefix or typo candidate for that long — never make a query find nothing.
 */
@ApplicationScoped
public class NameLexicon {

    static final long TTL_MILLIS = 30_000;
    private static final int MAX_ENTRIES = 10_000;

    private record Entry(NameSearch search, long expiresAt) {
    }

    private final Map<String, Entry> recent = new ConcurrentHashMap<>();

    public NameSearch lookup(Connection connection, String field, String text) throws SQLException {
        String key = field + '\u0000' + text.trim().toLowerCase(Locale.ROOT);
        long now = System.currentTimeMillis();
        Entry entry = recent.get(key);
        if (entry != null && entry.expiresAt() > now) {
            return entry.search();
        }
        NameSearch search = NameSearch.of(connection, field, text);
        if (search.exactForEveryWord()) {
            if (recent.size() >= MAX_ENTRIES) {
                recent.clear();
            }
            recent.put(key, new Entry(search, now + TTL_MILLIS));
        }
        return search;
    }
}
