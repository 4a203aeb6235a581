package io.clicktype.batch.autoconfigure;

import io.clicktype.batch.SchemaMismatchException;
import io.clicktype.batch.UnsafePathException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/** Start-up failures of clicktype-batch explained with a description and an action. */
public class ClickTypeBatchFailureAnalyzer implements FailureAnalyzer {

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SchemaMismatchException mismatch) {
                return new FailureAnalysis(mismatch.getMessage(), "Change the table or the @ClickTable record so that "
                        + "they match (each line says how), or set clicktype.batch.validation=warn (or "
                        + "clicktype.batch.tables.<table>.validation=warn) to start anyway.", mismatch);
            }
            if (t instanceof UnsafePathException unsafe) {
                return new FailureAnalysis(unsafe.problem(), unsafe.fix() + " See docs/security.md of clicktype-batch.",
                        unsafe);
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
}
