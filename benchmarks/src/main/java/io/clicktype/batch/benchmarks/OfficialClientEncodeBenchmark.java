package io.clicktype.batch.benchmarks;

import com.clickhouse.client.api.metadata.DefaultColumnToMethodMatchingStrategy;
import com.clickhouse.client.api.metadata.TableSchema;
import com.clickhouse.client.api.serde.POJOFieldSerializer;
import com.clickhouse.client.api.serde.POJOSerDe;
import com.clickhouse.data.ClickHouseColumn;
import io.clicktype.batch.TableColumn;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The peer of {@link EncodeBenchmark}: the official client's (client-v2 0.9.9) POJO RowBinary
 * serialization of the same 10-column row — the per-column serializers {@code client.insert(table, pojos)}
 * runs for every row — into a reused in-memory stream. Scores are ns/row.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class OfficialClientEncodeBenchmark {

    /** The row as a JavaBean, since the client maps columns to getters. */
    public static final class EventBean {
        private final long id;
        private final Instant ts;
        private final String url;
        private final String referrer;
        private final String userAgent;
        private final String country;
        private final long userId;
        private final double duration;
        private final String note;
        private final List<String> tags;

        public EventBean(long id, Instant ts, String url, String referrer, String userAgent, String country, long userId,
                double duration, String note, List<String> tags) {
            this.id = id;
            this.ts = ts;
            this.url = url;
            this.referrer = referrer;
            this.userAgent = userAgent;
            this.country = country;
            this.userId = userId;
            this.duration = duration;
            this.note = note;
            this.tags = tags;
        }

        public long getId() { return id; }
        public Instant getTs() { return ts; }
        public String getUrl() { return url; }
        public String getReferrer() { return referrer; }
        public String getUserAgent() { return userAgent; }
        public String getCountry() { return country; }
        public long getUserId() { return userId; }
        public double getDuration() { return duration; }
        public String getNote() { return note; }
        public List<String> getTags() { return tags; }
    }

    private EventBean[] rows;
    private POJOFieldSerializer[] serializers;
    private ByteArrayOutputStream out;

    /** Registers the bean with the client's serializer, as {@code Client.register} does. */
    @Setup
    public void setUp() {
        List<ClickHouseColumn> columns = new ArrayList<>();
        for (TableColumn column : EncodeBenchmark.TABLE) {
            columns.add(ClickHouseColumn.of(column.name(), column.type()));
        }
        TableSchema schema = new TableSchema("events", null, "default", columns);
        POJOSerDe serde = new POJOSerDe(DefaultColumnToMethodMatchingStrategy.INSTANCE);
        serde.registerClass(EventBean.class, schema);
        Map<String, POJOFieldSerializer> byColumn = serde.getFieldSerializers(EventBean.class, schema);
        serializers = new POJOFieldSerializer[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            serializers[i] = byColumn.get(columns.get(i).getColumnName());
            if (serializers[i] == null) {
                throw new IllegalStateException("no serializer for column " + columns.get(i).getColumnName()
                        + " among " + byColumn.keySet());
            }
        }
        rows = new EventBean[EncodeBenchmark.ROWS];
        String[] countries = {"DE", "PL", "US", "FR"};
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new EventBean(i, Instant.ofEpochMilli(1_700_000_000_000L + i), "https://example.com/page/" + i,
                    "https://google.com/search?q=" + i, "Mozilla/5.0 (X11; Linux x86_64) Firefox/" + (i % 50),
                    countries[i % countries.length], 100_000L + i, i * 0.25, i % 3 == 0 ? null : "note " + i,
                    List.of("a", "tag" + (i % 7)));
        }
        out = new ByteArrayOutputStream(EncodeBenchmark.ROWS * 256);
    }

    /** The client's POJO serialization of every row. */
    @Benchmark
    @OperationsPerInvocation(EncodeBenchmark.ROWS)
    public int officialClientPojo() throws Exception {
        out.reset();
        for (EventBean row : rows) {
            for (POJOFieldSerializer serializer : serializers) {
                serializer.serialize(row, out);
            }
        }
        return out.size();
    }
}
