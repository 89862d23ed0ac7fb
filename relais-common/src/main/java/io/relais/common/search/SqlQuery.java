package io.relais.common.search;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.postgresql.PGStatement;

/**
 * A native SELECT built piece by piece with its parameters in order, run over plain JDBC.
 * Searches use it rather than Hibernate native queries: Hibernate 7.2 caches an interpretation per
 * native query execution under keys that never match again, so a hot search slows down as that
 * cache fills (seen in a profile at 50,000 people: most CPU in its key comparisons).
 * <p>
 * Every execution is planned for its own words ({@link #plannedForItsValues}): a name search's best
 * plan depends on how many people hold the words.
 */
public final class SqlQuery {

    private final StringBuilder sql = new StringBuilder();
    private final List<Object> parameters = new ArrayList<>();

    /** Appends a fragment whose {@code ?} placeholders take {@code values}, in order. */
    public SqlQuery append(String fragment, Object... values) {
        sql.append(fragment);
        parameters.addAll(List.of(values));
        return this;
    }

    public String sql() {
        return sql.toString();
    }

    /** Runs the query; its first column must be a UUID. */
    public List<UUID> ids(Connection connection) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (PreparedStatement statement = prepare(connection); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getObject(1, UUID.class));
            }
        }
        return ids;
    }

    PreparedStatement prepare(Connection connection) throws SQLException {
        PreparedStatement statement = plannedForItsValues(connection, sql.toString());
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
        return statement;
    }

    /**
     * A statement PostgreSQL plans with its parameter values at every execution. pgjdbc turns a
     * statement run five times on a connection into a server-side prepared one, and PostgreSQL then
     * may settle on one generic plan for every later value — for the name search at 50,000 people
     * that plan is a sequential scan (12–22 ms a query) instead of the word index (1–5 ms), kept or
     * not depending on which names the connection happened to see first. Planning each execution
     * cost nothing measurable in records' search (docs/benchmarks.md).
     */
    static PreparedStatement plannedForItsValues(Connection connection, String sql) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.unwrap(PGStatement.class).setPrepareThreshold(0);
        return statement;
    }
}
