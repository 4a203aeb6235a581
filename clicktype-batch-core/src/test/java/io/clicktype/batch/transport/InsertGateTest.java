package io.clicktype.batch.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clicktype.batch.TransportException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class InsertGateTest {

    @Test
    void letsThroughThePoolLessTheConnectionsKeptForQueriesAndAtLeastOne() {
        assertThat(new InsertGate(10).size()).isEqualTo(8);
        assertThat(new InsertGate(54).size()).isEqualTo(52);
        assertThat(new InsertGate(2).size()).isEqualTo(1);
        assertThat(new InsertGate(1).size()).isEqualTo(1);
    }

    @Test
    void schemaReadsTakeTurnsForTheConnectionsTheInsertsLeave() {
        assertThat(InsertGate.forSchemaReads(10).size()).isEqualTo(2);
        assertThat(InsertGate.forSchemaReads(3).size() + new InsertGate(3).size()).isEqualTo(3);
        assertThat(InsertGate.forSchemaReads(2).size()).isEqualTo(1);
        assertThat(InsertGate.forSchemaReads(1).size()).isEqualTo(1);
    }

    @Test
    void anInsertBeyondWaitsForATurnWithoutATimeoutAndAnInterruptEndsTheWaitAsRetryable() throws Exception {
        InsertGate gate = new InsertGate(3);
        gate.enter("first");
        AtomicReference<Throwable> waited = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Thread second = new Thread(() -> {
            try {
                gate.enter("insert of 5 rows into events");
                gate.leave();
            } catch (Throwable e) {
                waited.set(e);
            } finally {
                done.countDown();
            }
        });
        second.start();
        await().until(() -> gate.waiting() == 1);

        second.interrupt();
        done.await();
        assertThat(waited.get()).isInstanceOf(TransportException.class)
                .hasMessageContaining("insert of 5 rows into events interrupted while it waited its turn");
        assertThat(((TransportException) waited.get()).retryable()).isTrue();

        gate.leave();
        gate.enter("third"); // the turn came back
        gate.leave();
    }
}
