package io.clicktype.batch.autoconfigure;

import io.clicktype.batch.SchemaMismatchException;
import io.clicktype.batch.UnsafePathException;
import io.clicktype.batch.TransportException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;

/** Start-up failures of clicktype-batch explained with a description and an action. */
public class ClickTypeBatchFailureAnalyzer implements FailureAnalyzer, Ordered {

    /** Before Boot's analyzers, which would describe the same failures less precisely. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    /**
     * A {@link TransportException} is explained as a start-up failure only when the batcher's start threw it: one that
     * completed a future ({@code flush()}, {@code insertAsync}) which the application waited on while starting is a
     * batch's outcome (retried, handed to the failed-batch handler), not a failed start, and its advice (such as
     * {@code validation=off}) would not apply; Boot then reports it with its stack trace, which shows the caller.
     */
    @Override
    public FailureAnalysis analyze(Throwable failure) {
        boolean fromFuture = false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.util.concurrent.CompletionException
                    || t instanceof java.util.concurrent.ExecutionException) {
                fromFuture = true;
            }
            if (t instanceof TransportException && fromFuture) {
                return null;
            }
            if (t instanceof SchemaMismatchException mismatch) {
                return new FailureAnalysis(mismatch.getMessage(), "Change the table or the @ClickTable record so that "
                        + "they match (each line says how), or set clicktype.batch.validation=warn (or "
                        + "clicktype.batch.tables.<table>.validation=warn) to start anyway.", mismatch);
            }
            if (t instanceof UnsafePathException unsafe) {
                return new FailureAnalysis(unsafe.problem(), unsafe.fix() + " See docs/security.md of clicktype-batch.",
                        unsafe);
            }
            if (t instanceof UnknownTableException unknown) {
                return new FailureAnalysis(unknown.getMessage() + ". Until then, its overrides apply to no table.",
                        unknown.closest() == null
                                ? "Put the @ClickTable types in the application's packages, @ClickTableScan or "
                                        + "clicktype.batch.packages, or remove clicktype.batch.tables." + unknown.table() + "."
                                : "Rename clicktype.batch.tables." + unknown.table() + " to clicktype.batch.tables."
                                        + unknown.closest() + " (the key is the table name of @ClickTable, without "
                                        + "database), or remove it; if the table's type was not found, add its package "
                                        + "to clicktype.batch.packages or @ClickTableScan.", unknown);
            }
            if (t instanceof TransportException transport && transport.retryable()) {
                // At start nothing is retried, whatever the classification says about inserts.
                return new FailureAnalysis("clicktype-batch could not reach ClickHouse at start: "
                        + transport.getMessage() + " Each batcher reads its table at start to validate the "
                        + "@ClickTable type against it, so start-up stops here; nothing is retried at this point.",
                        "Start ClickHouse, or correct clicktype.batch.clickhouse.url, and start the application "
                        + "again (a platform that restarts failed applications does this by itself). To start "
                        + "without ClickHouse, set clicktype.batch.validation=off: inserts are then queued, retried "
                        + "and spilled until it answers, encoded for the record's pins and Java default types and "
                        + "checked against the table before each batch is sent (a nullable String or a BigDecimal "
                        + "field needs a pin then; docs/delivery.md, \"ClickHouse down at start\").", transport);
            }
            if (t instanceof TransportException refused) {
                return refusedAtStart(refused);
            }
            if (t instanceof ClickHouseNotConfiguredException missing) {
                return new FailureAnalysis("clicktype-batch found @ClickTable types but no ClickHouse to write them to.",
                        "Set clicktype.batch.clickhouse.url (e.g. http://localhost:8123), or spring.datasource.url to a "
                        + "jdbc:clickhouse: url, or define your own ClickHouseTransport bean; or turn clicktype-batch off "
                        + "with clicktype.batch.enabled=false.", missing);
            }
        }
        return null;
    }

    /**
     * A request made at start that sending again cannot change (a missing table or database, no access, a bad
     * setting). The transport's messages end in "To fix: ...", which becomes the action, so the
     * user reads the same advice in the box as in a log line.
     */
    private static FailureAnalysis refusedAtStart(TransportException refused) {
        String message = refused.getMessage() == null ? refused.toString() : refused.getMessage();
        int fix = message.indexOf(TO_FIX);
        String description = "clicktype-batch could not start: " + (fix < 0 ? message : message.substring(0, fix).trim());
        String action = fix < 0
                ? "Correct what the message names (the table, its database or the user's grants) and start the "
                        + "application again."
                : capitalized(message.substring(fix + TO_FIX.length()).trim());
        return new FailureAnalysis(description, action, refused);
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static final String TO_FIX = "To fix:";
}
