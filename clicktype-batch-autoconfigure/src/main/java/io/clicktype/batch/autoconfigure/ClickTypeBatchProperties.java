package io.clicktype.batch.autoconfigure;

import io.clicktype.batch.ClusterMode;
import io.clicktype.batch.Deduplication;
import io.clicktype.batch.BatchFormat;
import io.clicktype.batch.Durability;
import io.clicktype.batch.WalFsync;
import io.clicktype.batch.InsertMode;
import io.clicktype.batch.SpillOverflow;
import io.clicktype.batch.ValidationMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of clicktype-batch: batching defaults for every table, per-table overrides under
 * {@code clicktype.batch.tables.<table>.*}, and the ClickHouse connection. Each batching property maps
 * onto the field of the same name in the core {@code BatchConfig}, with the same default. An unknown key under
 * {@code clicktype.batch} fails start-up ({@code ignoreUnknownFields = false}) rather than being ignored: a typo
 * would otherwise run with the default, unnoticed.
 */
@ConfigurationProperties(prefix = "clicktype.batch", ignoreUnknownFields = false)
public class ClickTypeBatchProperties {

    /** Whether to create batchers for {@code @ClickTable} types. */
    private boolean enabled = true;

    /** Packages to scan for {@code @ClickTable} types; empty means {@code @ClickTableScan}, else the application's packages. */
    private List<String> packages = new ArrayList<>();

    /** What to do at start when a row type does not match its table: fail, warn or off. */
    private ValidationMode validation = ValidationMode.FAIL;

    /** Whether each batch carries an insert_deduplication_token: auto (when the server has it), on or off. */
    private Deduplication deduplication = Deduplication.AUTO;

    /** Whether batches go straight into the table (sync) or through the server's async-insert queue (async). */
    private InsertMode insertMode = InsertMode.SYNC;

    /** Rows per batch before it is flushed. */
    private int maxRows = 100_000;

    /** Encoded bytes per batch before it is flushed. */
    private DataSize maxBufferSize = DataSize.ofMegabytes(16);

    /** Age of a batch's first row before it is flushed. */
    private Duration maxWait = Duration.ofSeconds(1);

    /**
     * Rows a batch needs before max-wait flushes it; a smaller batch waits until max-linger, so that a table written
     * to slowly sends fewer, larger inserts. Default 1000 (at most max-rows), as BatchConfig.DEFAULT_MIN_ROWS. 0
     * flushes every batch at max-wait.
     */
    private Integer minRows;

    /**
     * Age at which a batch of fewer than min-rows rows is flushed; at least max-wait. Default 10 times max-wait (10s
     * at the default max-wait), as BatchConfig.LINGER_PER_WAIT.
     */
    private Duration maxLinger;

    /** Rows the queue of each table holds before inserts wait. */
    private int queueCapacity = 100_000;

    /** Longest time an insert waits for room in a full queue before it fails. */
    private Duration maxBlock = Duration.ofSeconds(5);

    /** Retries after a failed insert attempt. */
    private int maxRetries = 5;

    /** First retry delay; doubled per retry, with jitter. */
    private Duration retryBaseDelay = Duration.ofMillis(100);

    /** Upper bound of the retry delay. */
    private Duration retryMaxDelay = Duration.ofSeconds(10);

    /** Initial capacity of each batch buffer. */
    private DataSize initialBufferSize = DataSize.ofKilobytes(64);

    /** Capacity beyond which a batch buffer is shrunk back after a flush. */
    private DataSize bufferShrinkThreshold = DataSize.ofMegabytes(32);

    /** Longest time shutdown waits for each table to drain and flush. */
    private Duration shutdownTimeout = Duration.ofSeconds(30);

    /** Overrides of the batching properties per table name. */
    private Map<String, TableProperties> tables = new LinkedHashMap<>();

    /** ClickHouse connection. */
    private final ClickHouseProperties clickhouse = new ClickHouseProperties();

    /** Disk spill of batches that could not be written. */
    private final SpillProperties spill = new SpillProperties();

    /**
     * Where accepted rows live until ClickHouse acknowledges them: memory (lost if the JVM is killed) or wal (a
     * write-ahead log on local disk, replayed at start; replaces the spill for the table).
     */
    private Durability durability = Durability.MEMORY;

    /**
     * ClickHouse input format batches are encoded in: auto (native where the server converts Native column types,
     * ClickHouse 23.x on, else row-binary), native or row-binary. A table with a column Native cannot carry goes as
     * row-binary.
     */
    private BatchFormat format = BatchFormat.AUTO;

    /**
     * How many inserts of one table run at once (1 to 8), each with a sender thread and a batch buffer of its own.
     * Unset or 0: decided at start, 2 where the table's engine does not depend on the order of inserts (MergeTree,
     * SummingMergeTree, VersionedCollapsingMergeTree, ReplacingMergeTree with a version column, their Replicated
     * forms), no materialized view reads the table and the server checks insert types itself (20.x on), else 1
     * (docs/delivery.md).
     */
    private Integer insertsInFlight;

    /** Write-ahead log of tables with durability wal. */
    private final WalProperties wal = new WalProperties();

    /** The memory budget every batcher of the application shares. */
    private final MemoryProperties memory = new MemoryProperties();

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public List<String> getPackages() { return packages; }
    public void setPackages(List<String> packages) { this.packages = packages; }
    public ValidationMode getValidation() { return validation; }
    public void setValidation(ValidationMode validation) { this.validation = validation; }
    public Deduplication getDeduplication() { return deduplication; }
    public void setDeduplication(Deduplication deduplication) { this.deduplication = deduplication; }
    public InsertMode getInsertMode() { return insertMode; }
    public void setInsertMode(InsertMode insertMode) { this.insertMode = insertMode; }
    public int getMaxRows() { return maxRows; }
    public void setMaxRows(int maxRows) { this.maxRows = maxRows; }
    public DataSize getMaxBufferSize() { return maxBufferSize; }
    public void setMaxBufferSize(DataSize maxBufferSize) { this.maxBufferSize = maxBufferSize; }
    public Duration getMaxWait() { return maxWait; }
    public void setMaxWait(Duration maxWait) { this.maxWait = maxWait; }
    public Integer getMinRows() { return minRows; }
    public void setMinRows(Integer minRows) { this.minRows = minRows; }
    public Duration getMaxLinger() { return maxLinger; }
    public void setMaxLinger(Duration maxLinger) { this.maxLinger = maxLinger; }
    public int getQueueCapacity() { return queueCapacity; }
    public void setQueueCapacity(int queueCapacity) { this.queueCapacity = queueCapacity; }

    /** Rows queued per table before inserts wait; the earlier name of {@code queue-capacity}. */
    @Deprecated(since = "0.1.0")
    @DeprecatedConfigurationProperty(replacement = "clicktype.batch.queue-capacity", since = "0.1.0")
    public int getChannelCapacity() { return queueCapacity; }
    @Deprecated(since = "0.1.0")
    public void setChannelCapacity(int channelCapacity) { this.queueCapacity = channelCapacity; }
    public Duration getMaxBlock() { return maxBlock; }
    public void setMaxBlock(Duration maxBlock) { this.maxBlock = maxBlock; }
    public int getMaxRetries() { return maxRetries; }
    public void setMaxRetries(int maxRetries) { this.maxRetries = maxRetries; }
    public Duration getRetryBaseDelay() { return retryBaseDelay; }
    public void setRetryBaseDelay(Duration retryBaseDelay) { this.retryBaseDelay = retryBaseDelay; }
    public Duration getRetryMaxDelay() { return retryMaxDelay; }
    public void setRetryMaxDelay(Duration retryMaxDelay) { this.retryMaxDelay = retryMaxDelay; }
    public DataSize getInitialBufferSize() { return initialBufferSize; }
    public void setInitialBufferSize(DataSize initialBufferSize) { this.initialBufferSize = initialBufferSize; }
    public DataSize getBufferShrinkThreshold() { return bufferShrinkThreshold; }
    public void setBufferShrinkThreshold(DataSize bufferShrinkThreshold) { this.bufferShrinkThreshold = bufferShrinkThreshold; }
    public Duration getShutdownTimeout() { return shutdownTimeout; }
    public void setShutdownTimeout(Duration shutdownTimeout) { this.shutdownTimeout = shutdownTimeout; }
    public Map<String, TableProperties> getTables() { return tables; }
    public void setTables(Map<String, TableProperties> tables) { this.tables = tables; }
    public ClickHouseProperties getClickhouse() { return clickhouse; }
    public SpillProperties getSpill() { return spill; }

    public Durability getDurability() { return durability; }

    public void setDurability(Durability durability) { this.durability = durability; }

    public BatchFormat getFormat() { return format; }

    public void setFormat(BatchFormat format) { this.format = format; }

    public Integer getInsertsInFlight() { return insertsInFlight; }

    public void setInsertsInFlight(Integer insertsInFlight) { this.insertsInFlight = insertsInFlight; }

    public WalProperties getWal() { return wal; }

    public MemoryProperties getMemory() { return memory; }

    /** The one bound on the heap that every batcher shares: rows queued in memory, batch buffers, hand-over copies. */
    public static class MemoryProperties {

        /** Bytes all batchers together may hold on the heap; defaults to a quarter of the maximum heap (-Xmx). */
        private DataSize max;

        public DataSize getMax() { return max; }

        public void setMax(DataSize max) { this.max = max; }
    }

    /** The write-ahead log of durability wal; each table logs into its own sub-directory. */
    public static class WalProperties {

        /** Log directory, on a persistent local disk, private to the application's user; defaults to clicktype-batch-<user>/wal/<spring.application.name> under java.io.tmpdir. */
        private String directory;

        /** When the log is forced to disk: always (before insert returns; group commit) or interval. */
        private WalFsync fsync = WalFsync.ALWAYS;

        /** Time between forces with fsync interval: what a power loss can lose (a process kill loses nothing). */
        private Duration fsyncInterval = Duration.ofMillis(100);

        /** Disk each table's log may take; when full, inserts wait max-block, then fail. */
        private DataSize maxSize = DataSize.ofGigabytes(1);

        public String getDirectory() { return directory; }

        public void setDirectory(String directory) { this.directory = directory; }

        public WalFsync getFsync() { return fsync; }

        public void setFsync(WalFsync fsync) { this.fsync = fsync; }

        public Duration getFsyncInterval() { return fsyncInterval; }

        public void setFsyncInterval(Duration fsyncInterval) { this.fsyncInterval = fsyncInterval; }

        public DataSize getMaxSize() { return maxSize; }

        public void setMaxSize(DataSize maxSize) { this.maxSize = maxSize; }
    }

    /** Per-table overrides of the write-ahead log; unset values take those of {@code clicktype.batch.wal.*}. */
    public static class TableWalProperties {

        /** When this table's log is forced to disk: always or interval. */
        private WalFsync fsync;

        /** Time between forces with fsync interval. */
        private Duration fsyncInterval;

        /** Disk this table's log may take. */
        private DataSize maxSize;

        public WalFsync getFsync() { return fsync; }

        public void setFsync(WalFsync fsync) { this.fsync = fsync; }

        public Duration getFsyncInterval() { return fsyncInterval; }

        public void setFsyncInterval(Duration fsyncInterval) { this.fsyncInterval = fsyncInterval; }

        public DataSize getMaxSize() { return maxSize; }

        public void setMaxSize(DataSize maxSize) { this.maxSize = maxSize; }
    }

    /** Where batches go that could not be written (retries exhausted, refused, unsent at shutdown). */
    public static class SpillProperties {

        /** Whether failed batches are written to disk and replayed; when off they are logged and counted as lost. */
        private boolean enabled = true;

        /** Spill directory, private to the application's user; defaults to clicktype-batch-<user>/spill/<spring.application.name> under java.io.tmpdir. */
        private String directory;

        /** Bytes the spill directory may hold. */
        private DataSize maxSize = DataSize.ofGigabytes(1);

        /** What a full spill directory gives up: drop-oldest or drop-newest. */
        private SpillOverflow overflow = SpillOverflow.DROP_OLDEST;

        /** Time between replay attempts of spilled batches. */
        private Duration replayInterval = Duration.ofSeconds(5);

        /** How long a spilled batch whose table or database is missing waits for it (replayed when it is back) before it is set aside in rejected/. */
        private Duration missingTableTimeout = Duration.ofHours(24);

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public String getDirectory() { return directory; }
        public void setDirectory(String directory) { this.directory = directory; }
        public DataSize getMaxSize() { return maxSize; }
        public void setMaxSize(DataSize maxSize) { this.maxSize = maxSize; }
        public SpillOverflow getOverflow() { return overflow; }
        public void setOverflow(SpillOverflow overflow) { this.overflow = overflow; }
        public Duration getReplayInterval() { return replayInterval; }
        public void setReplayInterval(Duration replayInterval) { this.replayInterval = replayInterval; }
        public Duration getMissingTableTimeout() { return missingTableTimeout; }
        public void setMissingTableTimeout(Duration missingTableTimeout) { this.missingTableTimeout = missingTableTimeout; }
    }

    /** Per-table overrides; a property left unset takes the value of {@code clicktype.batch.*}. */
    public static class TableProperties {

        /** What to do at start when the row type does not match this table. */
        private ValidationMode validation;

        /** Whether this table's batches go straight into it (sync) or through the server's async-insert queue. */
        private InsertMode insertMode;

        /** Rows per batch before it is flushed. */
        private Integer maxRows;

        /** Encoded bytes per batch before it is flushed. */
        private DataSize maxBufferSize;

        /** Age of a batch's first row before it is flushed. */
        private Duration maxWait;

        /** Rows a batch needs before max-wait flushes it (0: none). */
        private Integer minRows;

        /** Age at which a batch of fewer than min-rows rows is flushed. */
        private Duration maxLinger;

        /** Rows the queue holds before inserts wait. */
        private Integer queueCapacity;

        /** Longest time an insert waits for room in a full queue. */
        private Duration maxBlock;

        /** Retries after a failed insert attempt. */
        private Integer maxRetries;

        /** First retry delay. */
        private Duration retryBaseDelay;

        /** Upper bound of the retry delay. */
        private Duration retryMaxDelay;

        /** Initial capacity of each batch buffer. */
        private DataSize initialBufferSize;

        /** Capacity beyond which a batch buffer is shrunk back after a flush. */
        private DataSize bufferShrinkThreshold;

        /** Longest time shutdown waits for this table to drain and flush. */
        private Duration shutdownTimeout;

        /** Where this table's accepted rows live until acknowledged: memory or wal. */
        private Durability durability;

        /** ClickHouse input format this table's batches are encoded in: auto, native or row-binary. */
        private BatchFormat format;

        /** How many inserts of this table run at once (1 to 8; 0: decided at start from its engine). */
        private Integer insertsInFlight;

        /** This table's write-ahead log. */
        private final TableWalProperties wal = new TableWalProperties();

        public Durability getDurability() { return durability; }

        public void setDurability(Durability durability) { this.durability = durability; }

        public BatchFormat getFormat() { return format; }

        public void setFormat(BatchFormat format) { this.format = format; }

        public Integer getInsertsInFlight() { return insertsInFlight; }

        public void setInsertsInFlight(Integer insertsInFlight) { this.insertsInFlight = insertsInFlight; }

        public TableWalProperties getWal() { return wal; }

        /** Where this table's batches go in a cluster, if not {@code clicktype.batch.clickhouse.cluster-mode}. */
        private ClusterMode clusterMode;

        public ClusterMode getClusterMode() { return clusterMode; }
        public void setClusterMode(ClusterMode clusterMode) { this.clusterMode = clusterMode; }

        public ValidationMode getValidation() { return validation; }
        public void setValidation(ValidationMode validation) { this.validation = validation; }
        public InsertMode getInsertMode() { return insertMode; }
        public void setInsertMode(InsertMode insertMode) { this.insertMode = insertMode; }
        public Integer getMaxRows() { return maxRows; }
        public void setMaxRows(Integer maxRows) { this.maxRows = maxRows; }
        public DataSize getMaxBufferSize() { return maxBufferSize; }
        public void setMaxBufferSize(DataSize maxBufferSize) { this.maxBufferSize = maxBufferSize; }
        public Duration getMaxWait() { return maxWait; }
        public void setMaxWait(Duration maxWait) { this.maxWait = maxWait; }
        public Integer getMinRows() { return minRows; }
        public void setMinRows(Integer minRows) { this.minRows = minRows; }
        public Duration getMaxLinger() { return maxLinger; }
        public void setMaxLinger(Duration maxLinger) { this.maxLinger = maxLinger; }
        public Integer getQueueCapacity() { return queueCapacity; }
        public void setQueueCapacity(Integer queueCapacity) { this.queueCapacity = queueCapacity; }

        /** The earlier name of {@code queue-capacity}. */
        @Deprecated(since = "0.1.0")
        @DeprecatedConfigurationProperty(replacement = "clicktype.batch.tables.<table>.queue-capacity", since = "0.1.0")
        public Integer getChannelCapacity() { return queueCapacity; }
        @Deprecated(since = "0.1.0")
        public void setChannelCapacity(Integer channelCapacity) { this.queueCapacity = channelCapacity; }
        public Duration getMaxBlock() { return maxBlock; }
        public void setMaxBlock(Duration maxBlock) { this.maxBlock = maxBlock; }
        public Integer getMaxRetries() { return maxRetries; }
        public void setMaxRetries(Integer maxRetries) { this.maxRetries = maxRetries; }
        public Duration getRetryBaseDelay() { return retryBaseDelay; }
        public void setRetryBaseDelay(Duration retryBaseDelay) { this.retryBaseDelay = retryBaseDelay; }
        public Duration getRetryMaxDelay() { return retryMaxDelay; }
        public void setRetryMaxDelay(Duration retryMaxDelay) { this.retryMaxDelay = retryMaxDelay; }
        public DataSize getInitialBufferSize() { return initialBufferSize; }
        public void setInitialBufferSize(DataSize initialBufferSize) { this.initialBufferSize = initialBufferSize; }
        public DataSize getBufferShrinkThreshold() { return bufferShrinkThreshold; }
        public void setBufferShrinkThreshold(DataSize bufferShrinkThreshold) { this.bufferShrinkThreshold = bufferShrinkThreshold; }
        public Duration getShutdownTimeout() { return shutdownTimeout; }
        public void setShutdownTimeout(Duration shutdownTimeout) { this.shutdownTimeout = shutdownTimeout; }
    }

    /** How to reach ClickHouse; when {@code url} is unset, a {@code jdbc:clickhouse:} DataSource is used. */
    public static class ClickHouseProperties {

        /** HTTP(S) endpoint(s) of ClickHouse, e.g. http://localhost:8123; a comma-separated list for several. */
        private String url;

        /** User name. */
        private String username = "default";

        /** Password; never logged or shown by the actuator endpoint. */
        private String password = "";

        /** Database of tables whose {@code @ClickTable} names none. */
        private String database = "default";

        /** Whether insert bodies are LZ4-compressed. */
        private boolean compress = true;

        /** TCP connect timeout. */
        private Duration connectTimeout = Duration.ofSeconds(5);

        /** Read timeout of one request; never infinite. */
        private Duration socketTimeout = Duration.ofSeconds(60);

        /** Trust store for HTTPS endpoints; the JVM default when unset. */
        private String trustStore;

        /** Password of the trust store. */
        private String trustStorePassword;

        /** Client certificate (PEM file) for a server that requires one (mutual TLS); with client-key. */
        private String clientCertificate;

        /** Private key (PEM file, PKCS#8, unencrypted) of client-certificate. */
        private String clientKey;

        /**
         * Connections the client keeps per server; defaults to one per table plus 4 (replays, probes), at least 10.
         */
        private Integer maxConnections;

        public Integer getMaxConnections() { return maxConnections; }
        public void setMaxConnections(Integer maxConnections) { this.maxConnections = maxConnections; }

        /** TLS from an SSL bundle. */
        private final Ssl ssl = new Ssl();

        /**
         * Name of the ClickHouse cluster to write to (its {@code <remote_servers>} entry in
         * {@code system.clusters}); unset for a single server. The url then lists one or more of its nodes
         * (docs/cluster.md).
         */
        private String cluster;

        /** Where batches go in a cluster: the Distributed table, or whole to one shard's local table. */
        private ClusterMode clusterMode = ClusterMode.DISTRIBUTED;

        /**
         * In distributed mode, send {@code insert_distributed_sync=1} with every insert, so that a batch is
         * acknowledged once every shard has its rows rather than once it is queued on the receiving node.
         */
        private boolean clusterForegroundInsert;

        /** How often the cluster's topology is read again from {@code system.clusters}. */
        private Duration clusterTopologyRefresh = Duration.ofSeconds(60);

        public String getCluster() { return cluster; }
        public void setCluster(String cluster) { this.cluster = cluster; }
        public ClusterMode getClusterMode() { return clusterMode; }
        public void setClusterMode(ClusterMode clusterMode) { this.clusterMode = clusterMode; }
        public boolean isClusterForegroundInsert() { return clusterForegroundInsert; }
        public void setClusterForegroundInsert(boolean clusterForegroundInsert) { this.clusterForegroundInsert = clusterForegroundInsert; }
        public Duration getClusterTopologyRefresh() { return clusterTopologyRefresh; }
        public void setClusterTopologyRefresh(Duration clusterTopologyRefresh) { this.clusterTopologyRefresh = clusterTopologyRefresh; }

        public String getUrl() { return url; }
        public void setUrl(String url) { this.url = url; }
        public String getUsername() { return username; }
        public void setUsername(String username) { this.username = username; }
        public String getPassword() { return password; }
        public void setPassword(String password) { this.password = password; }
        public String getDatabase() { return database; }
        public void setDatabase(String database) { this.database = database; }
        public boolean isCompress() { return compress; }
        public void setCompress(boolean compress) { this.compress = compress; }
        public Duration getConnectTimeout() { return connectTimeout; }
        public void setConnectTimeout(Duration connectTimeout) { this.connectTimeout = connectTimeout; }
        public Duration getSocketTimeout() { return socketTimeout; }
        public void setSocketTimeout(Duration socketTimeout) { this.socketTimeout = socketTimeout; }
        public String getTrustStore() { return trustStore; }
        public void setTrustStore(String trustStore) { this.trustStore = trustStore; }
        public String getTrustStorePassword() { return trustStorePassword; }
        public void setTrustStorePassword(String trustStorePassword) { this.trustStorePassword = trustStorePassword; }
        public String getClientCertificate() { return clientCertificate; }
        public void setClientCertificate(String clientCertificate) { this.clientCertificate = clientCertificate; }
        public String getClientKey() { return clientKey; }
        public void setClientKey(String clientKey) { this.clientKey = clientKey; }
        public Ssl getSsl() { return ssl; }

        /** TLS from one of Boot's SSL bundles ({@code spring.ssl.bundle.*}). */
        public static class Ssl {

            /** Name of the SSL bundle whose trust store verifies the server (instead of trust-store). */
            private String bundle;

            public String getBundle() { return bundle; }
            public void setBundle(String bundle) { this.bundle = bundle; }
        }
    }
}
