package io.clicktype.batch.schema;

import io.clicktype.batch.TableRef;
import io.clicktype.batch.TransportException;
import java.util.List;

/**
 * A batch the batcher did not send because the table changed since its rows were encoded and some of its values
 * could not be carried over unchanged: a column it has values for was dropped, or changed to a type that could
 * lose, wrap or round them. Never retried (the same bytes meet the same table); the batch goes to the failed-batch
 * handler (the disk spill) or is set aside by the write-ahead log, where it can be replayed once the table takes
 * it again. The message names the table, each column, its old and new type, and the fix.
 */
public final class SchemaChangeException extends TransportException {

    private static final long serialVersionUID = 1L;

    private final transient List<String> reasons;

    /**
     * @param reasons one line per column that stops the batch
     * @param cause   the server's refusal that made the batcher read the table again, or {@code null}
     */
    public SchemaChangeException(TableRef table, List<String> reasons, Throwable cause) {
        super("table " + table + " does not have the types this batch was encoded for, and its values cannot be "
                + "carried over unchanged [not retryable]: " + String.join("; ", reasons) + ". The batch is kept "
                + "(failed-batch handler, disk spill or the log's rejected/ folder); replay it once the table takes it"
                + (cause == null ? "." : ". The server said: " + withoutFix(cause.getMessage())), false, 0, 0, cause);
        this.reasons = List.copyOf(reasons);
    }

    /**
     * The server's refusal without the fix the transport appended to it: that fix was guessed from the error code
     * alone ("a Java field's type does not match its column"), and the reasons above say what changed and what to do.
     */
    private static String withoutFix(String message) {
        int fix = message == null ? -1 : message.indexOf(" To fix:");
        return fix < 0 ? String.valueOf(message) : message.substring(0, fix).trim();
    }

    /** One line per column that stops the batch: the column, its old and new type, why, and the fix. */
    public List<String> reasons() {
        return reasons;
    }
}
