package io.clicktype.batch.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clicktype.batch.ClickHouseTransport;
import io.clicktype.batch.ConnectionConfig;
import io.clicktype.batch.InsertRequest;
import io.clicktype.batch.ServerInfo;
import io.clicktype.batch.TableColumn;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.TransportException;
import io.clicktype.batch.encoding.RowBuffer;
import io.clicktype.batch.test.ClickHouseAssumptions;
import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseTest;
import io.clicktype.batch.test.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client-v2 transport against the real server: inserts, metadata, abilities and failure classes. */
@ClickHouseTest
class ClientV2TransportIT {

    private ClickHouseTransport transport;

    @BeforeEach
    void connect(ClickHouseServer server, TestDatabase db) {
        transport = ClickHouseTransport.clientV2(new ConnectionConfig(List.of(server.httpUrl()), server.username(),
                server.password(), db.name(), true, Duration.ofMillis(500), Duration.ofSeconds(10), null, null));
    }

    @AfterEach
    void close(ClickHouseServer server) {
        if (server.canRestart()) {
            server.start();
        }
        transport.close();
    }

    @Test
    void insertsRowBinaryWithAnExplicitColumnListAndTheServerFillsDefaults(TestDatabase db) {
        db.execute("DROP TABLE IF EXISTS t_insert");
        db.execute("CREATE TABLE t_insert (id UInt64, name String, note String DEFAULT 'filled') "
                + "ENGINE = MergeTree() ORDER BY id");
        RowBuffer rows = new RowBuffer(64);
        rows.writeLongLE(42);
        byte[] name = "grüße".getBytes(StandardCharsets.UTF_8);
        rows.writeVarUInt(name.length);
        rows.writeBytes(name, 0, name.length);

        transport.insert(new InsertRequest(TableRef.of("t_insert"), List.of("id", "name"), rows.array(), rows.size(), 1,
                Map.of()));

        assertThat(db.query("SELECT id, name, note FROM t_insert")).containsExactly(List.of("42", "grüße", "filled"));
    }

    @Test
    void describesColumnsWithTheirDefaultKinds(TestDatabase db) {
        db.execute("DROP TABLE IF EXISTS t_describe");
        db.execute("CREATE TABLE t_describe (id UInt64, day Date DEFAULT today(), m UInt64 MATERIALIZED id * 2, "
                + "n Nullable(String)) ENGINE = MergeTree() ORDER BY id");

        List<TableColumn> columns = transport.describeTable(TableRef.of("t_describe"));

        // Order as the server keeps it: 18.16 lists MATERIALIZED columns after the ordinary ones.
        assertThat(columns).containsExactlyInAnyOrder(new TableColumn("id", "UInt64", ""),
                new TableColumn("day", "Date", "DEFAULT"), new TableColumn("m", "UInt64", "MATERIALIZED"),
                new TableColumn("n", "Nullable(String)", ""));
        assertThat(columns).filteredOn(c -> !c.insertable()).extracting(TableColumn::name).containsExactly("m");
    }

    @Test
    void probesTheServersVersionAndAbilities(ClickHouseServer server) {
        ServerInfo info = transport.serverInfo();

        assertThat(info.version()).isEqualTo(server.version());
        assertThat(info.supportsType("UInt64")).isTrue();
        assertThat(info.supportsSetting("insert_deduplication_token"))
                .isEqualTo(server.supportsSetting("insert_deduplication_token"));
    }

    @Test
    void anUnknownTableIsNotRetryableAndKeepsTheServersText() {
        assertThatThrownBy(() -> transport.describeTable(TableRef.of("no_such_table")))
                .isInstanceOfSatisfying(TransportException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("no_such_table");
        assertThatThrownBy(() -> transport.insert(new InsertRequest(TableRef.of("no_such_table"), List.of("id"),
                new byte[8], 8, 1, Map.of())))
                .isInstanceOfSatisfying(TransportException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("no_such_table");
    }

    @Test
    void aStoppedServerIsRetryableAndTheSameTransportWorksAfterItsRestart(ClickHouseServer server, TestDatabase db) {
        ClickHouseAssumptions.assumeRestartable(server);
        db.execute("DROP TABLE IF EXISTS t_restart");
        db.execute("CREATE TABLE t_restart (id UInt64) ENGINE = MergeTree() ORDER BY id");
        InsertRequest one = new InsertRequest(TableRef.of("t_restart"), List.of("id"), new byte[8], 8, 1, Map.of());
        transport.insert(one);

        server.stop();
        long start = System.nanoTime();
        assertThatThrownBy(() -> transport.insert(one))
                .isInstanceOfSatisfying(TransportException.class, e -> assertThat(e.retryable()).isTrue());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));

        server.start();
        transport.insert(one);
        assertThat(db.count("t_restart")).isEqualTo(2);
    }

    @Test
    void aColumnNameThatIsNotAnIdentifierIsRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> transport.insert(new InsertRequest(TableRef.of("t"), List.of("id`; DROP TABLE t"),
                new byte[8], 8, 1, Map.of())))
                .isInstanceOfSatisfying(TransportException.class, e -> assertThat(e.retryable()).isFalse());
    }
}
