package io.clicktype.batch.test;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.data.ClickHouseFormat;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Proves the harness: a real server, a fresh database, rows in through client-v2 RowBinary and back. */
@ClickHouseTest
class ClickHouseServerIT {

    @Test
    void rowBinaryInsertThroughTheOfficialClientReadsBack(ClickHouseServer server, TestDatabase db) throws Exception {
        LoggerFactory.getLogger(ClickHouseServerIT.class).info("Testing against ClickHouse {} ({})", server.version(),
                server.source());
        db.execute("CREATE TABLE events (id UInt64, name String, note String DEFAULT 'none') "
                + "ENGINE = MergeTree() ORDER BY id");

        ByteArrayOutputStream rows = new ByteArrayOutputStream();
        writeRow(rows, 1, "first");
        writeRow(rows, 2, "zweite ü");
        try (Client client = new Client.Builder()
                .addEndpoint(server.httpUrl())
                .setUsername(server.username())
                .setPassword(server.password())
                .compressServerResponse(false)
                .build()) {
            // Qualified name: 18.16 ignores the client's default-database header.
            client.insert("`" + db.name() + "`.`events`", List.of("id", "name"), new ByteArrayInputStream(rows.toByteArray()),
                    ClickHouseFormat.RowBinary, new InsertSettings()).get(30, TimeUnit.SECONDS).close();
        }

        assertThat(db.count("events")).isEqualTo(2);
        assertThat(db.query("SELECT id, name, note FROM events ORDER BY id"))
                .containsExactly(List.of("1", "first", "none"), List.of("2", "zweite ü", "none"));
    }

    @Test
    void probesTheServersAbilities(ClickHouseServer server) {
        assertThat(server.version()).matches("\\d+\\.\\d+.*");
        assertThat(server.supportsType("UInt64")).isTrue();
        assertThat(server.supportsType("NoSuchTypeFamily")).isFalse();
        assertThat(server.supportsSetting("max_threads")).isTrue();
    }

    @Test
    void eachTestClassGetsItsOwnDatabase(TestDatabase db, ClickHouseServer server) {
        assertThat(server.execute("SELECT name FROM system.databases")).contains(db.name());
        assertThat(db.query("SELECT currentDatabase()")).containsExactly(List.of(db.name()));
    }

    private static void writeRow(ByteArrayOutputStream out, long id, String name) {
        for (int i = 0; i < 8; i++) {
            out.write((int) (id >>> (8 * i)));
        }
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length);
        out.write(bytes, 0, bytes.length);
    }
}
