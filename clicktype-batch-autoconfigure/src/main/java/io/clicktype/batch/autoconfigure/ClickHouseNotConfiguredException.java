package io.clicktype.batch.autoconfigure;

import io.clicktype.batch.ClickTypeBatchException;

/** Neither {@code clicktype.batch.clickhouse.url} nor a {@code jdbc:clickhouse:} DataSource url is set. */
public class ClickHouseNotConfiguredException extends ClickTypeBatchException {

    public ClickHouseNotConfiguredException() {
        super("No ClickHouse configured for clicktype-batch");
    }
}
