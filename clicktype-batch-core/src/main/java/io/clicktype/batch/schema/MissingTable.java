package io.clicktype.batch.schema;

import io.clicktype.batch.TransportException;

/**
 * A refusal because the table or its database does not exist right now (UNKNOWN_TABLE 60, UNKNOWN_DATABASE 81):
 * a migration that drops and creates it again, a table that comes with a later deploy. A wait, not a verdict: such
 * a batch is retried and replayed, never set aside on the first refusal, until the wait the configuration allows
 * runs out (Vector's ClickHouse sink lost events by treating UNKNOWN_TABLE as final; issue 23).
 */
public final class MissingTable {

    private MissingTable() {
    }

    /** Whether {@code failure} says the table or its database is missing. */
    public static boolean is(Throwable failure) {
        return failure instanceof TransportException transport
                && (transport.serverErrorCode() == 60 || transport.serverErrorCode() == 81);
    }
}
