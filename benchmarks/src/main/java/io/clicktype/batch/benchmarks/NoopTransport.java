package io.clicktype.batch.benchmarks;

import io.clicktype.batch.TableColumn;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.spi.InsertRequest;
import io.clicktype.batch.spi.ServerInfo;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/** Accepts every insert at once: measures the batcher, not the network. */
final class NoopTransport implements ClickHouseTransport {

    final LongAdder rows = new LongAdder();

    @Override
    public void insert(InsertRequest request) {
        rows.add(request.rows());
    }

    @Override
    public List<TableColumn> describeTable(TableRef table) {
        return EncodeBenchmark.TABLE;
    }

    @Override
    public ServerInfo serverInfo() {
        return new ServerInfo("0.0", Set.of(), Set.of());
    }

    @Override
    public void close() {
    }
}
