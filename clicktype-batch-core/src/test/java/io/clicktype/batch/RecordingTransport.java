package io.clicktype.batch;

import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.spi.InsertRequest;
import io.clicktype.batch.spi.ServerInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory transport for engine tests: records every acknowledged insert (decoded ids), and can
 * be told to fail the next attempts or to hold inserts until released.
 */
final class RecordingTransport implements ClickHouseTransport {

    /** One acknowledged insert. */
    record Insert(List<Long> ids, int bytes, int rows) {
    }

    final List<Insert> inserts = new CopyOnWriteArrayList<>();
    final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile boolean failRetryable = true;
    private volatile boolean failForever;
    private volatile CountDownLatch gate;
    final CountDownLatch firstAttempt = new CountDownLatch(1);

    /** The next {@code count} attempts fail with a (non-)retryable error. */
    RecordingTransport failNext(int count, boolean retryable) {
        failRetryable = retryable;
        failuresLeft.set(count);
        return this;
    }

    /** Every attempt fails with a retryable error. */
    RecordingTransport failForever() {
        failForever = true;
        return this;
    }

    /** Inserts wait until {@link #open()} (or interrupt). */
    RecordingTransport hold() {
        gate = new CountDownLatch(1);
        return this;
    }

    void open() {
        CountDownLatch current = gate;
        gate = null;
        if (current != null) {
            current.countDown();
        }
    }

    List<Long> allIds() {
        List<Long> ids = new ArrayList<>();
        for (Insert insert : inserts) {
            ids.addAll(insert.ids());
        }
        return ids;
    }

    long rows() {
        long rows = 0;
        for (Insert insert : inserts) {
            rows += insert.rows();
        }
        return rows;
    }

    @Override
    public void insert(InsertRequest request) {
        attempts.incrementAndGet();
        firstAttempt.countDown();
        CountDownLatch current = gate;
        if (current != null) {
            try {
                if (!current.await(60, TimeUnit.SECONDS)) {
                    throw new TransportException("held too long", true, 0, 0, null);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransportException("interrupted", true, 0, 0, e);
            }
        }
        if (failForever || failuresLeft.getAndDecrement() > 0) {
            throw new TransportException(failRetryable ? "Connection refused (test)" : "Code: 53. Type mismatch (test)",
                    failRetryable || failForever, failRetryable || failForever ? 0 : 53, 0, null);
        }
        List<Long> ids = TestRows.ids(request.payload(), request.length());
        if (ids.size() != request.rows()) {
            throw new AssertionError("payload holds " + ids.size() + " rows but the request says " + request.rows());
        }
        inserts.add(new Insert(ids, request.length(), request.rows()));
    }

    @Override
    public List<TableColumn> describeTable(TableRef table) {
        return List.of(new TableColumn("id", "UInt64", ""), new TableColumn("text", "String", ""));
    }

    @Override
    public ServerInfo serverInfo() {
        return new ServerInfo("25.8.1", Set.of(), Set.of());
    }

    @Override
    public void close() {
    }
}
