package io.clicktype.batch;

import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.spi.InsertRequest;
import io.clicktype.batch.spi.ServerInfo;
import io.clicktype.batch.spi.TableEngine;
import java.util.List;

/** A real transport with something added to its inserts: tests override {@link #insert} and call {@code super}. */
abstract class ForwardingTransport implements ClickHouseTransport {

    private final ClickHouseTransport real;

    ForwardingTransport(ClickHouseTransport real) {
        this.real = real;
    }

    @Override
    public void insert(InsertRequest request) {
        real.insert(request);
    }

    @Override
    public List<TableColumn> describeTable(TableRef table) {
        return real.describeTable(table);
    }

    @Override
    public ServerInfo serverInfo() {
        return real.serverInfo();
    }

    @Override
    public TableEngine tableEngine(TableRef table) {
        return real.tableEngine(table);
    }

    @Override
    public void close() {
        real.close();
    }
}
