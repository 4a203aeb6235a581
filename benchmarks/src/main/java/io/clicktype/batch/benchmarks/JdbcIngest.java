package io.clicktype.batch.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.clicktype.batch.benchmarks.IngestBenchmark.Event;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;

/**
 * The JDBC contender of {@link IngestBenchmark}: clickhouse-jdbc (jdbc-v2) pooled by HikariCP, one
 * {@code PreparedStatement} with {@code addBatch} per row and {@code executeBatch} per {@code batchRows} — what
 * a Spring application doing batch inserts through its {@code DataSource} runs. The driver's best case: one
 * pooled connection and one prepared statement for the whole run, parameter objects built before the clock.
 *
 * <p>Plain, the driver turns a batch into one {@code INSERT ... VALUES (...), (...)} text statement. With the
 * driver property {@value #ROW_BINARY} it writes the batch as RowBinary instead.
 */
final class JdbcIngest {

    /** clickhouse-jdbc 0.9.9's switch ({@code DriverProperties.BETA_ROW_BINARY_WRITER}) for simple inserts. */
    static final String ROW_BINARY = "beta.row_binary_for_simple_insert";

    private JdbcIngest() {
    }

    /** Inserts {@code rows} rows cycling over {@code events}; "n/a" when the driver cannot talk to the server. */
    static IngestResult run(String url, int rows, Event[] events, int batchRows, boolean rowBinary) throws Exception {
        String name = "JDBC executeBatch (HikariCP, clickhouse-jdbc" + (rowBinary ? ", RowBinary" : "") + "), "
                + batchRows + " rows/batch";
        Timestamp[] ts = new Timestamp[events.length];
        String[][] tags = new String[events.length][];
        for (int i = 0; i < events.length; i++) {
            ts[i] = Timestamp.from(events[i].ts());
            tags[i] = events[i].tags().toArray(new String[0]);
        }
        URI http = URI.create(url);
        HikariConfig config = new HikariConfig();
        config.setPoolName("ingest-jdbc");
        config.setJdbcUrl("jdbc:clickhouse://" + http.getHost() + ":" + http.getPort() + "/default");
        config.setUsername("default");
        // clickhouse-jdbc 0.9.9 sends a null password as the text "null": give it as a driver property.
        // (0.10.0 fixed that; the property works with both.)
        config.addDataSourceProperty("password", "");
        if (rowBinary) {
            config.addDataSourceProperty(ROW_BINARY, "true");
        }
        config.setMaximumPoolSize(1);
        try (HikariDataSource pool = new HikariDataSource(config); Connection connection = pool.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO ingest_events (id, ts, url, referrer, "
                     + "user_agent, country, user_id, duration, note, tags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            Measurement m = Measurement.start(url);
            int pending = 0;
            for (int i = 0; i < rows; i++) {
                int k = i & 4095;
                Event e = events[k];
                insert.setLong(1, e.id());
                insert.setTimestamp(2, ts[k]);
                insert.setString(3, e.url());
                insert.setString(4, e.referrer());
                insert.setString(5, e.userAgent());
                insert.setString(6, e.country());
                insert.setLong(7, e.userId());
                insert.setDouble(8, e.duration());
                insert.setString(9, e.note());
                insert.setObject(10, tags[k]);
                insert.addBatch();
                if (++pending == batchRows || i == rows - 1) {
                    insert.executeBatch();
                    pending = 0;
                }
            }
            return m.report(name, rows, IngestBenchmark.bytes(rows, events));
        } catch (SQLException | RuntimeException e) {
            if (IngestBenchmark.sql(url, "SELECT count() FROM system.settings WHERE name = 'async_insert'").trim()
                    .equals("0")) {
                // clickhouse-jdbc cannot insert into a server this old (no async_insert: before 21.11). 0.9.9 sends
                // async_insert=0 with its statements; 0.10.0 renders a Timestamp with fromUnixTimestamp64Nano.
                System.out.printf("%-76s n/a: %s%n", name, firstLine(e));
                return IngestResult.notAvailable(name, "n/a (driver refuses 18.16)");
            }
            throw e;
        }
    }

    private static String firstLine(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = String.valueOf(cause.getMessage());
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }
}
