package io.clicktype.batch.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clicktype.batch.TransportException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ConnectionTurnsTest {

    @Test
    void letsThroughThePoolLessTheConnectionsKeptForQueriesAndAtLeastOne() {
        assertThat(new ConnectionTurns(10).insertTurns()).isEqualTo(8);
        assertThat(new ConnectionTurns(54).insertTurns()).isEqualTo(52);
        assertThat(new ConnectionTurns(2).insertTurns()).isEqualTo(1);
        assertThat(new ConnectionTurns(1).insertTurns()).isEqualTo(1);
    }

    @Test
    void anInsertBeyondWaitsForATurnWithoutATimeoutAndAnInterruptEndsTheWaitAsRetryable() throws Exception {
        ConnectionTurns turns = new ConnectionTurns(3);
        turns.enterInsert("first");
        AtomicReference<Throwable> waited = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Thread second = new Thread(() -> {
            try {
                turns.enterInsert("insert of 5 rows into events");
                turns.leaveInsert();
            } catch (Throwable e) {
                waited.set(e);
            } finally {
                done.countDown();
            }
        });
        second.start();
        await().until(() -> turns.insertsWaiting() == 1);

        second.interrupt();
        done.await();
        assertThat(waited.get()).isInstanceOf(TransportException.class)
                .hasMessageContaining("insert of 5 rows into events interrupted while it waited its turn");
        assertThat(((TransportException) waited.get()).retryable()).isTrue();

        turns.leaveInsert();
        turns.enterInsert("third"); // the turn came back
        turns.leaveInsert();
    }

    /**
     * Queries (schema reads, the schema guard's reads before a batch, pings) take turns for the two connections
     * kept for them: many tables reading their schema at once wait for each other instead of failing in the pool,
     * and never for an insert.
     */
    @Test
    void queriesTakeTurnsForTheirOwnTwoConnectionsAndNeverWaitForInserts() throws Exception {
        ConnectionTurns turns = new ConnectionTurns(3);
        turns.enterInsert("insert of 5 rows into events");
        turns.enterQuery("describe table a");
        turns.enterQuery("describe table b"); // the insert's turn does not hold queries back
        CountDownLatch third = new CountDownLatch(1);
        Thread waiting = new Thread(() -> {
            turns.enterQuery("describe table c");
            third.countDown();
            turns.leaveQuery();
        });
        waiting.start();
        await().until(() -> turns.queriesWaiting() == 1);
        assertThat(third.getCount()).as("a third query waits for a turn").isOne();

        turns.leaveQuery();
        assertThat(third.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("and goes once one ends").isTrue();
        waiting.join();
        turns.leaveQuery();
        turns.leaveInsert();
    }
}
