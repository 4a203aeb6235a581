package io.clicktype.batch.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.clicktype.batch.ClickHouseTransports;
import io.clicktype.batch.ConnectionConfig;
import io.clicktype.batch.TableColumn;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.TransportException;
import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.spi.InsertRequest;
import io.clicktype.batch.spi.ServerInfo;
import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseTest;
import io.clicktype.batch.test.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The client-v2 transport against the real ClickHouse of the test harness (18.16 locally, any newer
 * server through CLICKHOUSE_URL or Docker): RowBinary written by hand goes in and comes back equal,
 * metadata is read correctly, and failures are classified as the batcher needs them.
 */
@ClickHouseTest
class ClientV2TransportIT {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);

    private static ClickHouseTransport transport(ClickHouseServer server, TestDatabase db, String... endpoints) {
        List<String> urls = endpoints.length == 0 ? List.of(server.httpUrl()) : List.of(endpoints);
        return ClickHouseTransports.clientV2(new ConnectionConfig(urls, server.username(), server.password(), db.name(),
                true, CONNECT_TIMEOUT, SOCKET_TIMEOUT, null, null));
    }

    @Test
    void handWrittenRowBinaryIsReadBackEqualAndOmittedDefaultsAreFilled(ClickHouseServer server, TestDatabase db) {
        db.execute("CREATE TABLE hand (id UInt64, name String, created DateTime DEFAULT toDateTime('2020-01-02 03:04:05'),"
                + " extra UInt32 DEFAULT 7) ENGINE = MergeTree ORDER BY id");
        Rows rows = new Rows().row(1, "plain").row(-1L /* max UInt64 */, "ünïcödé ✓").row(3, "tab\there")
                .row(4, "");

        try (ClickHouseTransport transport = transport(server, db)) {
            transport.insert(rows.request(TableRef.of("hand"), List.of("id", "name")));
        }

        assertThat(db.query("SELECT toString(id), name, toString(created), toString(extra) FROM hand ORDER BY id"))
                .containsExactly(
                        List.of("1", "plain", "2020-01-02 03:04:05", "7"),
                        List.of("3", "tab\there", "2020-01-02 03:04:05", "7"),
                        List.of("4", "", "2020-01-02 03:04:05", "7"),
                        List.of("18446744073709551615", "ünïcödé ✓", "2020-01-02 03:04:05", "7"));
    }

    @Test
    void uncompressedRequestsWorkToo(ClickHouseServer server, TestDatabase db) {
        db.execute("CREATE TABLE plain (id UInt64, name String) ENGINE = MergeTree ORDER BY id");
        ConnectionConfig config = new ConnectionConfig(List.of(server.httpUrl()), server.username(), server.password(),
                db.name(), false, CONNECT_TIMEOUT, SOCKET_TIMEOUT, null, null);

        try (ClickHouseTransport transport = ClickHouseTransports.clientV2(config)) {
            transport.insert(new Rows().row(5, "five").request(TableRef.of("plain"), List.of("id", "name")));
        }

        assertThat(db.query("SELECT toString(id), name FROM plain")).containsExactly(List.of("5", "five"));
    }

    @Test
    void describesColumnsInOrderWithTheirDefaultKinds(ClickHouseServer server, TestDatabase db) {
        db.execute("CREATE TABLE described (id UInt64, note Nullable(String), created DateTime DEFAULT now(), "
                + "twice UInt64 MATERIALIZED id * 2, next UInt64 ALIAS id + 1) ENGINE = MergeTree ORDER BY id");

        try (ClickHouseTransport transport = transport(server, db)) {
            List<TableColumn> columns = transport.describeTable(TableRef.of("described"));

            assertThat(columns).containsExactly(
                    new TableColumn("id", "UInt64", ""),
                    new TableColumn("note", "Nullable(String)", ""),
                    new TableColumn("created", "DateTime", "DEFAULT"),
                    new TableColumn("twice", "UInt64", "MATERIALIZED"),
                    new TableColumn("next", "UInt64", "ALIAS"));
            assertThat(columns).filteredOn(TableColumn::insertable).extracting(TableColumn::name)
                    .containsExactly("id", "note", "created");
            assertThat(transport.describeTable(new TableRef(db.name(), "described"))).isEqualTo(columns);
        }
    }

    @Test
    void describingAMissingTableSaysSoAndIsNotRetryable(ClickHouseServer server, TestDatabase db) {
        try (ClickHouseTransport transport = transport(server, db)) {
            TransportException e = catchThrowableOfType(TransportException.class,
                    () -> transport.describeTable(TableRef.of("missing")));

            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).contains("table missing does not exist in database " + db.name(), "@ClickTable");
        }
    }

    @Test
    void serverInfoReportsVersionAndAbilitiesAndIsCached(ClickHouseServer server, TestDatabase db) {
        try (ClickHouseTransport transport = transport(server, db)) {
            ServerInfo info = transport.serverInfo();

            assertThat(info.version()).isEqualTo(server.version());
            assertThat(info.supportsSetting("insert_deduplicate")).isTrue();
            assertThat(info.supportsSetting("async_insert")).isEqualTo(server.supportsSetting("async_insert"));
            assertThat(info.supportsSetting("insert_deduplication_token"))
                    .isEqualTo(server.supportsSetting("insert_deduplication_token"));
            assertThat(info.supportsType("String")).isTrue();
            assertThat(info.supportsType("DateTime64")).isEqualTo(server.supportsType("DateTime64"));
            assertThat(transport.serverInfo()).isSameAs(info);
        }
    }

    @Test
    void insertIntoAMissingTableIsNotRetryableAndKeepsTheServersWords(ClickHouseServer server, TestDatabase db) {
        try (ClickHouseTransport transport = transport(server, db)) {
            TransportException e = catchThrowableOfType(TransportException.class,
                    () -> transport.insert(new Rows().row(1, "x").request(TableRef.of("nope"), List.of("id", "name"))));

            assertThat(e.retryable()).isFalse();
            assertThat(e.serverErrorCode()).isEqualTo(60);
            assertThat(e.httpStatus()).isEqualTo(404);
            assertThat(e.getMessage()).contains("Table " + db.name() + ".nope", "exist", "create table nope");
        }
    }

    @Test
    void insertIntoAMissingColumnOrWithAnUnknownSettingIsNotRetryable(ClickHouseServer server, TestDatabase db) {
        db.execute("CREATE TABLE narrow (id UInt64) ENGINE = MergeTree ORDER BY id");
        try (ClickHouseTransport transport = transport(server, db)) {
            TransportException column = catchThrowableOfType(TransportException.class,
                    () -> transport.insert(new Rows().row(1, "x").request(TableRef.of("narrow"), List.of("id", "zz"))));
            TransportException setting = catchThrowableOfType(TransportException.class,
                    () -> transport.insert(new Rows().id(1).request(TableRef.of("narrow"), List.of("id"),
                            Map.of("clicktype_no_such_setting", "1"))));

            assertThat(column.retryable()).isFalse();
            assertThat(column.serverErrorCode()).isIn(16, 47);
            assertThat(column.getMessage()).contains("zz");
            assertThat(setting.retryable()).isFalse();
            assertThat(setting.serverErrorCode()).isEqualTo(115);
            assertThat(setting.getMessage()).contains("clicktype_no_such_setting");
        }
        assertThat(db.count("narrow")).isZero();
    }

    @Test
    void truncatedRowsAreRejected(ClickHouseServer server, TestDatabase db) {
        db.execute("CREATE TABLE strict (id UInt64) ENGINE = MergeTree ORDER BY id");
        try (ClickHouseTransport transport = transport(server, db)) {
            byte[] fiveBytes = {1, 2, 3, 4, 5};
            TransportException e = catchThrowableOfType(TransportException.class, () -> transport.insert(
                    new InsertRequest(TableRef.of("strict"), List.of("id"), fiveBytes, 5, 1, Map.of())));

            if (e.serverErrorCode() != 0) {
                // Servers with error codes say CANNOT_READ_ALL_DATA: never worth retrying.
                assertThat(e.retryable()).isFalse();
            } else {
                // Old servers hide the reason behind HTTP 500: retried, and the message says what else it can be.
                assertThat(e.httpStatus()).isEqualTo(500);
                assertThat(e.getMessage()).contains("do not match the column types");
            }
        }
        assertThat(db.count("strict")).isZero();
    }

    @Test
    void wrongPasswordIsNotRetryable(ClickHouseServer server, TestDatabase db) {
        ConnectionConfig config = new ConnectionConfig(List.of(server.httpUrl()), server.username(),
                server.password() + "-wrong", db.name(), true, CONNECT_TIMEOUT, SOCKET_TIMEOUT, null, null);
        try (ClickHouseTransport transport = ClickHouseTransports.clientV2(config)) {
            TransportException e = catchThrowableOfType(TransportException.class, transport::serverInfo);

            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).contains("username and password").doesNotContain("-wrong");
        }
    }

    @Test
    void anEmptyColumnNameIsRejectedBeforeAnythingIsSent(ClickHouseServer server, TestDatabase db) throws IOException {
        // Pointed at a closed port: the error can only be about the name if nothing was sent.
        try (ClickHouseTransport transport = transport(server, db, "http://127.0.0.1:" + freePort())) {
            assertThatThrownBy(() -> transport.insert(new Rows().id(1).request(TableRef.of("t"), List.of(""))))
                    .isInstanceOfSatisfying(TransportException.class, e -> {
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getMessage()).contains("empty column");
                    });
        }
    }

    @Test
    void anUnreachableFirstEndpointFailsOverToTheNext(ClickHouseServer server, TestDatabase db) throws IOException {
        db.execute("CREATE TABLE failover (id UInt64) ENGINE = MergeTree ORDER BY id");
        try (ClickHouseTransport transport = transport(server, db, "http://127.0.0.1:" + freePort(), server.httpUrl())) {
            transport.insert(new Rows().id(1).request(TableRef.of("failover"), List.of("id")));
            transport.insert(new Rows().id(2).request(TableRef.of("failover"), List.of("id")));
        }
        assertThat(db.count("failover")).isEqualTo(2);
    }

    @Test
    void aStoppedServerGivesARetryableFailureInTimeAndTheSameTransportRecovers(ClickHouseServer server,
            TestDatabase db) {
        Assumptions.assumeTrue(server.canRestart(), "the " + server.source() + " server cannot be stopped by tests");
        db.execute("CREATE TABLE restart (id UInt64) ENGINE = MergeTree ORDER BY id");
        TableRef table = TableRef.of("restart");
        try (ClickHouseTransport transport = transport(server, db)) {
            transport.insert(new Rows().id(1).request(table, List.of("id")));
            server.stop();
            try {
                long started = System.nanoTime();
                TransportException down = catchThrowableOfType(TransportException.class,
                        () -> transport.insert(new Rows().id(2).request(table, List.of("id"))));
                Duration took = Duration.ofNanos(System.nanoTime() - started);

                assertThat(down.retryable()).isTrue();
                assertThat(down.httpStatus()).isZero();
                assertThat(took).isLessThan(CONNECT_TIMEOUT.plus(SOCKET_TIMEOUT));
            } finally {
                server.start();
            }
            List<TransportException> whileRecovering = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                try {
                    transport.insert(new Rows().id(3).request(table, List.of("id")));
                    return true;
                } catch (TransportException e) {
                    whileRecovering.add(e);
                    return false;
                }
            });
            assertThat(whileRecovering).allSatisfy(e -> assertThat(e.retryable()).isTrue());
        }
        assertThat(db.query("SELECT toString(id) FROM restart ORDER BY id")).containsExactly(List.of("1"), List.of("3"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** RowBinary written by hand, so that the transport is tested apart from the encoder. */
    private static final class Rows {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int count;

        Rows id(long id) {
            for (int i = 0; i < 8; i++) {
                out.write((int) (id >>> (8 * i)));
            }
            count++;
            return this;
        }

        Rows row(long id, String name) {
            id(id);
            byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
            int length = utf8.length;
            while (length >= 0x80) {
                out.write((length & 0x7F) | 0x80);
                length >>>= 7;
            }
            out.write(length);
            out.write(utf8, 0, utf8.length);
            return this;
        }

        InsertRequest request(TableRef table, List<String> columns) {
            return request(table, columns, Map.of());
        }

        InsertRequest request(TableRef table, List<String> columns, Map<String, String> settings) {
            byte[] payload = out.toByteArray();
            // A larger array than the valid length, as the batcher's reused buffer is.
            byte[] buffer = new byte[payload.length + 16];
            System.arraycopy(payload, 0, buffer, 0, payload.length);
            return new InsertRequest(table, columns, buffer, payload.length, count, settings);
        }
    }
}
