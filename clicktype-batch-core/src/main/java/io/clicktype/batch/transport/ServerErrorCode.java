package io.clicktype.batch.transport;

/**
 * The ClickHouse error codes this library classifies explicitly, each with whether sending the same
 * request again can succeed and what the user should do about it.
 *
 * <p>Codes not listed here are classified by {@link FailureClassifier} from the HTTP status. Numbers
 * are from ClickHouse's {@code src/Common/ErrorCodes.cpp}; they have been stable since before 18.16.
 * {@code %1$s} in a hint is replaced by the table name.
 */
enum ServerErrorCode {

    // Overload, timeouts and cluster trouble: the same insert can succeed later.
    TIMEOUT_EXCEEDED(159, true, "the query ran past max_execution_time; the batcher retries. If it keeps "
            + "happening, make batches smaller or raise max_execution_time for the user"),
    TOO_SLOW(160, true, "the server estimated the query too slow; the batcher retries"),
    CANNOT_ALLOCATE_MEMORY(173, true, "the server could not allocate memory; the batcher retries"),
    TOO_MANY_SIMULTANEOUS_QUERIES(202, true, "the server runs too many queries at once; the batcher retries. "
            + "Fewer, larger batches (higher maxRows / maxWait) reduce the load"),
    NO_FREE_CONNECTION(203, true, "the server has no free connection; the batcher retries"),
    SOCKET_TIMEOUT(209, true, "a server-side socket timed out; the batcher retries"),
    NETWORK_ERROR(210, true, "the server hit a network error; the batcher retries"),
    NO_ZOOKEEPER(225, true, "ZooKeeper/Keeper is not reachable, replicated tables are read-only until it is back; "
            + "the batcher retries"),
    ABORTED(236, true, "the server aborted the query; the batcher retries"),
    MEMORY_LIMIT_EXCEEDED(241, true, "the insert exceeded the server's memory limit; the batcher retries. If it "
            + "keeps happening, lower maxRows / maxBufferSize or raise max_memory_usage"),
    TABLE_IS_READ_ONLY(242, true, "replicated table %1$s is read-only (ZooKeeper/Keeper session lost); the "
            + "batcher retries"),
    NOT_ENOUGH_SPACE(243, true, "the server's disk is full; free space on the server, the batcher retries"),
    TOO_MANY_PARTS(252, true, "table %1$s has too many active parts because inserts are too small or too "
            + "frequent; the batcher retries. Raise maxRows / maxWait so that batches are larger"),
    /**
     * The same code 252 as {@link #TOO_MANY_PARTS}, told apart by the server's text ({@link #of(int, String)}):
     * this batch spans more partitions than {@code max_partitions_per_insert_block}, and will every time.
     */
    TOO_MANY_PARTITIONS(252, false, "one batch of %1$s spans more partitions than the server's "
            + "max_partitions_per_insert_block allows, so the same batch fails every time. Make the partition key "
            + "coarser (e.g. PARTITION BY toYYYYMM(ts) instead of a timestamp or an id), or raise "
            + "max_partitions_per_insert_block in the inserting user's profile (0 = no limit); smaller batches "
            + "(lower maxRows / maxWait) only help when rows arrive in partition order. The failed batch goes to "
            + "the failed-batch handler, not to retries"),
    /**
     * A node lost the connection to another server while forwarding the insert (a Distributed table's shard):
     * code 32 with "while receiving packet from host:port" in the text. Plain 32 (our rows ended early) is a
     * payload error and not listed.
     */
    REMOTE_CONNECTION_LOST(32, true, "a node lost its connection to another server of the cluster while "
            + "forwarding the insert into %1$s (a shard went down); the batcher retries"),
    ALL_CONNECTION_TRIES_FAILED(279, true, "a node could not reach any replica of a shard while forwarding the "
            + "insert into %1$s (a Distributed table); the batcher retries"),
    TOO_FEW_LIVE_REPLICAS(285, true, "too few replicas are alive for insert_quorum; the batcher retries"),
    UNSATISFIED_QUORUM_FOR_PREVIOUS_WRITE(286, true, "the previous quorum insert is not yet on enough replicas; "
            + "the batcher retries"),
    UNKNOWN_STATUS_OF_INSERT(319, true, "the server does not know whether the insert was written; the batcher "
            + "retries (set insert_deduplication_token or use a Replicated table to avoid duplicates)"),
    QUERY_WAS_CANCELLED(394, true, "the query was cancelled on the server; the batcher retries"),
    SYSTEM_ERROR(425, true, "the server hit an operating-system error; the batcher retries"),
    CANNOT_SCHEDULE_TASK(439, true, "the server's thread pool is exhausted; the batcher retries"),
    DEADLOCK_AVOIDED(473, true, "the server avoided a lock deadlock; the batcher retries"),
    KEEPER_EXCEPTION(999, true, "ZooKeeper/Keeper failed; the batcher retries"),

    // Schema, data, syntax and permission errors: retrying the same request cannot help.
    CANNOT_PARSE_TEXT(6, false, Hints.BAD_PAYLOAD),
    CANNOT_PARSE_INPUT_ASSERTION_FAILED(27, false, Hints.BAD_PAYLOAD),
    CANNOT_READ_ALL_DATA(33, false, Hints.BAD_PAYLOAD),
    CANNOT_PARSE_DATE(38, false, Hints.BAD_PAYLOAD),
    CANNOT_PARSE_DATETIME(41, false, Hints.BAD_PAYLOAD),
    CANNOT_PARSE_NUMBER(72, false, Hints.BAD_PAYLOAD),
    INCORRECT_DATA(117, false, Hints.BAD_PAYLOAD),
    NO_SUCH_COLUMN_IN_TABLE(16, false, Hints.MISSING_COLUMN),
    UNKNOWN_IDENTIFIER(47, false, Hints.MISSING_COLUMN),
    ILLEGAL_COLUMN(44, false, "a column of %1$s cannot be inserted into (MATERIALIZED or ALIAS): exclude the "
            + "field with @ClickIgnore"),
    TYPE_MISMATCH(53, false, Hints.WRONG_TYPE),
    CANNOT_CONVERT_TYPE(70, false, Hints.WRONG_TYPE),
    UNKNOWN_TABLE(60, false, "create table %1$s with the columns of its @ClickTable record, or fix the name in @ClickTable"),
    SYNTAX_ERROR(62, false, "the server rejected the statement's syntax: check table and column names"),
    UNKNOWN_FORMAT(73, false, "the server does not know the data format: upgrade ClickHouse"),
    UNKNOWN_DATABASE(81, false, "create the database of %1$s (CREATE DATABASE ...) or fix the database in "
            + "@ClickTable or in the connection settings"),
    UNKNOWN_SETTING(115, false, "the server does not know a setting sent with this request: upgrade ClickHouse "
            + "or turn off the feature that needs the setting"),
    READONLY(164, false, "the user is read-only (readonly=1 in its profile): connect as a user that may insert "
            + "into %1$s"),
    UNKNOWN_USER(192, false, Hints.CREDENTIALS),
    WRONG_PASSWORD(193, false, Hints.CREDENTIALS),
    REQUIRED_PASSWORD(194, false, Hints.CREDENTIALS),
    ACCESS_DENIED(497, false, "the user lacks a privilege: GRANT INSERT ON %1$s and SELECT ON system.columns "
            + "to the connection's user"),
    AUTHENTICATION_FAILED(516, false, Hints.CREDENTIALS);

    private static final ServerErrorCode[] VALUES = values();

    private final int code;
    private final boolean retryable;
    private final String hint;

    ServerErrorCode(int code, boolean retryable, String hint) {
        this.code = code;
        this.retryable = retryable;
        this.hint = hint;
    }

    /**
     * The known code, told apart by the server's text where one code has two meanings (252: too many parts,
     * transient; too many partitions for one insert block, permanent), or {@code null} when not listed.
     */
    static ServerErrorCode of(int code, String serverText) {
        if (code == TOO_MANY_PARTITIONS.code && serverText != null
                && serverText.contains("Too many partitions for single INSERT block")) {
            return TOO_MANY_PARTITIONS;
        }
        if (code == REMOTE_CONNECTION_LOST.code) {
            return serverText != null && serverText.contains("while receiving packet from") ? REMOTE_CONNECTION_LOST
                    : null;
        }
        return of(code);
    }

    /** The known code (the first meaning where a code has two), or {@code null} when not listed. */
    static ServerErrorCode of(int code) {
        for (ServerErrorCode known : VALUES) {
            if (known.code == code && known != REMOTE_CONNECTION_LOST) {
                return known;
            }
        }
        return null;
    }

    /** ClickHouse's numeric error code. */
    int code() {
        return code;
    }

    /** Whether the same request may succeed if sent again later. */
    boolean retryable() {
        return retryable;
    }

    /** What the user should do, with the table named. */
    String hint(String table) {
        return String.format(hint, table);
    }

    /** Hints shared by several codes. */
    private static final class Hints {
        static final String BAD_PAYLOAD = "the server could not read the RowBinary rows for %1$s: the entity's "
                + "columns or types do not match the live table (compare with DESCRIBE TABLE %1$s and fix the "
                + "entity or @ClickColumn(type = ...)); retrying cannot help";
        static final String MISSING_COLUMN = "add the column to %1$s (ALTER TABLE ... ADD COLUMN) or fix "
                + "@ClickColumn(name = ...) / exclude the field with @ClickIgnore";
        static final String WRONG_TYPE = "a Java field's type does not match its column in %1$s: compare with "
                + "DESCRIBE TABLE %1$s and fix the field or pin @ClickColumn(type = ...)";
        static final String CREDENTIALS = "check the username and password of the ClickHouse connection";

        private Hints() {
        }
    }
}
