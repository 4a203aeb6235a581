package io.clicktype.batch.transport;

/**
 * Runs one read-only statement that ends in {@code FORMAT TabSeparated} and returns the response
 * body; the seam between the metadata logic and the HTTP client, so that the former can be tested
 * without a server. Public (within this internal package) for the cluster transport, whose nodes answer
 * topology questions through it.
 */
@FunctionalInterface
public interface TextQuery {

    /**
     * @param sql       the complete statement
     * @param operation what is attempted, for error messages, e.g. {@code describe table events}
     * @param table     the table concerned, named in hints
     * @throws io.clicktype.batch.TransportException classified, when the statement fails
     */
    String run(String sql, String operation, String table);
}
