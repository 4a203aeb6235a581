package io.clicktype.batch.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.ClientException;
import com.clickhouse.client.api.ClientMisconfigurationException;
import com.clickhouse.client.api.ConnectionInitiationException;
import com.clickhouse.client.api.DataTransferException;
import com.clickhouse.client.api.ServerException;
import io.clicktype.batch.TransportException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FailureClassifierTest {

    private static final String ENDPOINT = "http://127.0.0.1:8123";

    private static TransportException classify(Throwable failure) {
        return FailureClassifier.classify("insert of 3 rows into events", "events", ENDPOINT, Duration.ofSeconds(7),
                failure);
    }

    /** What client-v2 0.9.9 reports for a server that sends no error-code header (18.16). */
    private static ServerException lostText(int status) {
        return new ServerException(0, "Code: 0. DB::Exception: <Unreadable error message> (transport error: "
                + status + ") (queryId= )", status, "");
    }

    @ParameterizedTest
    @ValueSource(ints = {159, 202, 203, 209, 210, 241, 242, 252, 285, 319, 425, 999})
    void overloadTimeoutAndKeeperCodesAreRetryable(int code) {
        TransportException e = classify(new ServerException(code, "Code: " + code + ". DB::Exception: boom", 500, "q"));

        assertThat(e.retryable()).isTrue();
        assertThat(e.serverErrorCode()).isEqualTo(code);
        assertThat(e.httpStatus()).isEqualTo(500);
        assertThat(e.getMessage()).contains("[retryable]", "DB::Exception: boom", "ClickHouse error " + code);
    }

    @ParameterizedTest
    @ValueSource(ints = {6, 16, 27, 33, 38, 41, 44, 47, 53, 60, 62, 72, 81, 115, 164, 192, 193, 194, 497, 516})
    void schemaDataSyntaxAndPermissionCodesAreNotRetryable(int code) {
        TransportException e = classify(new ServerException(code, "Code: " + code + ". DB::Exception: no", 500, "q"));

        assertThat(e.retryable()).isFalse();
        assertThat(e.serverErrorCode()).isEqualTo(code);
        assertThat(e.getMessage()).contains("[not retryable]", "To fix:");
    }

    @Test
    void aWaitForAPooledConnectionIsReportedAsThatNotAsANetworkFailure() {
        for (Exception leaseTimeout : List.of(
                new org.apache.hc.core5.http.ConnectionRequestTimeoutException("Timeout deadline: 5000 MILLISECONDS"),
                org.apache.hc.core5.util.DeadlineTimeoutException.from(
                        org.apache.hc.core5.util.Deadline.fromUnixMilliseconds(0)))) {
            TransportException e = classify(new com.clickhouse.client.api.ClientException("Failed to get connection",
                    leaseTimeout));

            assertThat(e.retryable()).isTrue();
            assertThat(e.getMessage()).contains("pooled connection")
                    .contains("clicktype.batch.clickhouse.max-connections").doesNotContain("could not connect")
                    .doesNotContain("connection failed");
        }
    }

    @Test
    void unknownTableKeepsServerTextAndSaysWhatToDo() {
        TransportException e = classify(new ServerException(60,
                "Code: 60. DB::Exception: Table default.events doesn't exist. (UNKNOWN_TABLE) (version 24.8.1)", 404,
                "q1"));

        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage())
                .startsWith("insert of 3 rows into events failed at " + ENDPOINT + ": HTTP 404, ClickHouse error 60 "
                        + "UNKNOWN_TABLE [not retryable]")
                .contains("Table default.events doesn't exist")
                .contains("create table events");
    }

    @Test
    void codeZeroIsParsedFromOldServerText() {
        TransportException e = classify(new ServerException(0, "Code: 252, e.displayText() = DB::Exception: Too many "
                + "parts (300). Merges are processing significantly slower than inserts., e.what() = DB::Exception\n"
                + " (transport error: 500)", 500, ""));

        assertThat(e.serverErrorCode()).isEqualTo(252);
        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).contains("TOO_MANY_PARTS", "Too many parts (300)", "Raise maxRows")
                .doesNotContain("transport error").doesNotContain("\n");
    }

    @Test
    void tooManyPartitionsForOneInsertBlockIsPermanentThoughItSharesCode252WithTooManyParts() {
        // The text of 26.7 (with the code header) and of older servers (code parsed from the text).
        TransportException current = classify(new ServerException(252, "Code: 252. DB::Exception: Too many partitions "
                + "for single INSERT block (more than 100). The limit is controlled by 'max_partitions_per_insert_block' "
                + "setting. (TOO_MANY_PARTS) (version 26.7.2.1)", 500, "q"));
        TransportException old = classify(new ServerException(0, "Code: 252, e.displayText() = DB::Exception: Too many "
                + "partitions for single INSERT block (more than 100)., e.what() = DB::Exception", 500, ""));

        for (TransportException e : List.of(current, old)) {
            assertThat(e.serverErrorCode()).isEqualTo(252);
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).contains("TOO_MANY_PARTITIONS", "[not retryable]",
                    "PARTITION BY toYYYYMM(ts)", "max_partitions_per_insert_block", "failed-batch handler");
        }
    }

    @Test
    void aShardLostWhileADistributedTableForwardsTheInsertIsRetryableButRowsEndingEarlyAreNot() {
        // 18.16's texts, measured on the test cluster (ClusterIngestIT) with one shard SIGKILLed.
        TransportException lostShard = classify(new ServerException(0, "Code: 32, e.displayText() = DB::Exception: "
                + "Attempt to read after eof: while receiving packet from 127.0.0.4:46383: Insertion status: Wrote 1 "
                + "blocks and 1019 rows on shard 0 replica 0, e.what() = DB::Exception", 500, ""));
        TransportException noReplica = classify(new ServerException(0, "Code: 279, e.displayText() = "
                + "DB::NetException: All connection tries failed. Log: Code: 210, Connection refused (127.0.0.5:34661)"
                + ", e.what() = DB::NetException", 500, ""));
        TransportException shortRows = classify(new ServerException(0, "Code: 32, e.displayText() = DB::Exception: "
                + "Attempt to read after eof, e.what() = DB::Exception", 500, ""));

        assertThat(lostShard.retryable()).isTrue();
        assertThat(lostShard.getMessage()).contains("REMOTE_CONNECTION_LOST", "a shard went down");
        assertThat(noReplica.retryable()).isTrue();
        assertThat(noReplica.getMessage()).contains("ALL_CONNECTION_TRIES_FAILED");
        assertThat(shortRows.serverErrorCode()).isEqualTo(32);
        assertThat(shortRows.getMessage()).doesNotContain("REMOTE_CONNECTION_LOST");
    }

    @ParameterizedTest
    @CsvSource({"400,false", "401,false", "403,false", "404,false", "408,true", "429,true", "500,true", "502,true",
            "503,true", "504,true"})
    void lostTextIsClassifiedByHttpStatus(int status, boolean retryable) {
        TransportException e = classify(lostText(status));

        assertThat(e.retryable()).isEqualTo(retryable);
        assertThat(e.httpStatus()).isEqualTo(status);
        assertThat(e.serverErrorCode()).isZero();
        assertThat(e.getMessage()).contains("error text was lost").doesNotContain("Unreadable");
    }

    @Test
    void lostTextWithStatus401PointsAtCredentials() {
        assertThat(classify(lostText(401)).getMessage()).contains("username and password");
    }

    @Test
    void unknownCodeIsRetriedOnlyForGatewayStatuses() {
        assertThat(classify(new ServerException(1234, "Code: 1234. DB::Exception: x", 500, "q")).retryable()).isFalse();
        assertThat(classify(new ServerException(1234, "Code: 1234. DB::Exception: x", 503, "q")).retryable()).isTrue();
    }

    @Test
    void connectionRefusedIsRetryableWithoutStatus() {
        TransportException e = classify(new ConnectionInitiationException("Insert request failed",
                new ConnectException("Connection refused")));

        assertThat(e.retryable()).isTrue();
        assertThat(e.httpStatus()).isZero();
        assertThat(e.getMessage()).contains("could not connect", "Connection refused", ENDPOINT);
        assertThat(FailureClassifier.requestNotSent(e.getCause())).isTrue();
    }

    @Test
    void connectTimeoutIsRetryableAndNotSent() {
        ConnectionInitiationException failure = new ConnectionInitiationException("Insert request failed",
                new SocketTimeoutException("Connect timed out"));

        assertThat(classify(failure).retryable()).isTrue();
        assertThat(classify(failure).getMessage()).contains("connect timed out");
        assertThat(FailureClassifier.requestNotSent(failure)).isTrue();
    }

    @Test
    void readTimeoutIsRetryableButMaySendTwice() {
        DataTransferException failure = new DataTransferException("Insert request failed",
                new SocketTimeoutException("Read timed out"));

        TransportException e = classify(failure);

        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).contains("no response within socketTimeout PT7S", "duplicated");
        assertThat(FailureClassifier.requestNotSent(failure)).isFalse();
    }

    @Test
    void connectionResetIsRetryable() {
        TransportException e = classify(new DataTransferException("Insert request failed",
                new java.net.SocketException("Connection reset")));

        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).contains("Connection reset");
    }

    @Test
    void unknownHostIsRetryableAndNamesTheEndpoint() {
        TransportException e = classify(new ConnectionInitiationException("x", new UnknownHostException("nohost")));

        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).contains("unknown host", "check the host name");
    }

    @Test
    void misconfigurationAndBugsAreNotRetryable() {
        assertThat(classify(new ClientMisconfigurationException("bad trust store")).retryable()).isFalse();
        assertThat(classify(new IllegalStateException("bug")).retryable()).isFalse();
    }

    @Test
    void badGatewayFromProxyIsRetryable() {
        TransportException e = classify(new ClientException("Server returned '502 Bad gateway'. Check network"));

        assertThat(e.retryable()).isTrue();
        assertThat(e.httpStatus()).isEqualTo(502);
    }

    @Test
    void wrappersAreUnwrapped() {
        TransportException e = classify(new ExecutionException(new ServerException(241, "Code: 241. Memory", 500, "")));

        assertThat(e.serverErrorCode()).isEqualTo(241);
        assertThat(e.retryable()).isTrue();
    }

    @Test
    void transportExceptionsPassThrough() {
        TransportException original = new TransportException("x", true, 0, 0, null);

        assertThat(classify(original)).isSameAs(original);
    }

    @Test
    void parsesCodesOfOldAndNewServers() {
        assertThat(FailureClassifier.parseServerCode("Code: 60, e.displayText() = DB::Exception: x")).isEqualTo(60);
        assertThat(FailureClassifier.parseServerCode("Code: 241. DB::Exception: Memory limit")).isEqualTo(241);
        assertThat(FailureClassifier.parseServerCode("no code here")).isZero();
        assertThat(FailureClassifier.parseServerCode(null)).isZero();
    }

    @Test
    void onlyAnInsertSaysItIsRetriedAQueryAtStartDoesNot() {
        java.net.ConnectException refused = new java.net.ConnectException("Connection refused");
        TransportException insert = FailureClassifier.classify("insert of 3 rows into events", "events", ENDPOINT,
                Duration.ofSeconds(7), refused);
        TransportException describe = FailureClassifier.classify("describe table events", "events", ENDPOINT,
                Duration.ofSeconds(7), refused);

        assertThat(insert.getMessage()).contains("inserts are retried");
        assertThat(describe.retryable()).isTrue();
        assertThat(describe.getMessage()).contains("[retryable]").doesNotContain("retried");
    }
}
