package io.clicktype.batch.schema;

import io.clicktype.batch.TransportException;
import java.util.Set;

/**
 * Whether an insert failed because the table no longer fits the batch: a column dropped or renamed, a type
 * changed so that the rows cannot be read or converted, a column become MATERIALIZED; or because the batcher found
 * so itself ({@link SchemaChangeException}). A failure inside a materialized view the insert pushed to is not one
 * ({@link ViewFailure}): the target table took the rows. ClickHouse error codes from
 * {@code src/Common/ErrorCodes.cpp}, the same the transport classifies as not retryable.
 */
public final class SchemaFailure {

    private static final Set<Integer> CODES = Set.of(
            6,    // CANNOT_PARSE_TEXT
            16,   // NO_SUCH_COLUMN_IN_TABLE
            27,   // CANNOT_PARSE_INPUT_ASSERTION_FAILED
            33,   // CANNOT_READ_ALL_DATA
            44,   // ILLEGAL_COLUMN
            47,   // UNKNOWN_IDENTIFIER
            53,   // TYPE_MISMATCH
            70,   // CANNOT_CONVERT_TYPE
            117); // INCORRECT_DATA

    private SchemaFailure() {
    }

    /** Whether {@code failure} is a non-retryable server error of the kinds above, or the batcher's own finding. */
    public static boolean is(Throwable failure) {
        if (failure instanceof SchemaChangeException) {
            return true;
        }
        return failure instanceof TransportException transport && !transport.retryable()
                && CODES.contains(transport.serverErrorCode()) && !ViewFailure.is(transport);
    }
}
