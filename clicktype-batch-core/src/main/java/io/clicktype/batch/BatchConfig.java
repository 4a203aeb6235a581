package io.clicktype.batch;

import java.time.Duration;

/**
 * Immutable batching configuration, validated once by {@link Builder#build()}: a bad field is a
 * {@link ConfigValueException} naming it, its value and the allowed range.
 *
 * <p>A batch is flushed when it reaches {@link #maxRows()} rows or {@link #maxBufferSize()}
 * encoded bytes, when its first row is {@link #maxWait()} old, on an explicit flush, or on close.
 * Every field has a production-ready default; see the README for guidance.
 *
 * @param maxRows               rows per batch before a flush (default 100 000)
 * @param maxBufferSize         encoded bytes per batch before a flush (default 16 MiB)
 * @param maxWait               age of a batch's first row before a flush (default 1 s)
 * @param queueCapacity       rows the queue holds before producers wait (default 100 000)
 * @param maxBlock              longest {@link BatcherHandle#insert} waits for room (default 5 s)
 * @param maxRetries            retries after a failed insert attempt (default 5)
 * @param retryBaseDelay        first retry delay, doubled per attempt with jitter (default 100 ms)
 * @param retryMaxDelay         cap of the retry delay (default 10 s)
 * @param initialBufferSize     initial capacity of an encode buffer in bytes (default 64 KiB)
 * @param bufferShrinkThreshold capacity beyond which a buffer is shrunk after a flush (default 32 MiB)
 * @param shutdownTimeout       longest close waits to drain and flush (default 30 s)
 * @param validation            what to do when the row type does not match the table (default FAIL)
 * @param deduplication         whether batches carry a deduplication token (default AUTO)
 * @param insertMode            whether batches go straight into the table or through the server's
 *                              async-insert queue (default SYNC)
 * @param durability            where accepted rows live until acknowledged: memory, or a write-ahead log on
 *                              local disk (default MEMORY)
 * @param wal                   the write-ahead log of {@link Durability#WAL} (default {@link WalConfig#defaults()})
 * @param minRows               rows a batch needs before {@code maxWait} seals it; a smaller batch waits until its
 *                              first row is {@code maxLinger} old, so that a table written to slowly sends fewer,
 *                              larger inserts (ClickHouse advises at least 1 000 rows per insert, and about one
 *                              insert a second: <a href="https://clickhouse.com/docs/optimize/bulk-inserts">bulk
 *                              inserts</a>). Default {@value #DEFAULT_MIN_ROWS} (at most {@code maxRows}); 0 seals
 *                              every batch at {@code maxWait}. A table that gets {@code minRows} rows within
 *                              {@code maxWait} is not affected; the default was chosen by measurement
 *                              (docs/benchmarks.md §10)
 * @param maxLinger             age at which a batch of fewer than {@code minRows} rows is sealed: the longest a row of
 *                              a slowly written table waits (default {@value #LINGER_PER_WAIT} × {@code maxWait},
 *                              10 s at the default {@code maxWait}; at least {@code maxWait} when {@code minRows} is
 *                              set); unused while {@code minRows} is 0
 * @param format                the input format batches are encoded in (default {@link BatchFormat#AUTO}: Native where
 *                              the server converts Native types, else RowBinary; see docs/types.md)
 * @param insertsInFlight       how many inserts of one table may run at once, 1 to {@value #MAX_INSERTS_IN_FLIGHT},
 *                              each on a sender thread of its own and with a batch buffer of its own; or
 *                              {@value #INSERTS_IN_FLIGHT_AUTO} (the default): {@value #AUTO_INSERTS_IN_FLIGHT} where the
 *                              table's engine does not depend on the order of inserts, no materialized view reads it
 *                              and the server checks insert types itself (20.x on), else 1 (docs/delivery.md,
 *                              "Inserts in flight"). Batches always start in seal order; with more than one in flight
 *                              a later batch can land first, but flush futures, {@code submit} stages and the
 *                              write-ahead log's position still follow seal order
 */
public record BatchConfig(
        int maxRows,
        long maxBufferSize,
        Duration maxWait,
        int queueCapacity,
        Duration maxBlock,
        int maxRetries,
        Duration retryBaseDelay,
        Duration retryMaxDelay,
        int initialBufferSize,
        long bufferShrinkThreshold,
        Duration shutdownTimeout,
        ValidationMode validation,
        Deduplication deduplication,
        InsertMode insertMode,
        Durability durability,
        WalConfig wal,
        int minRows,
        Duration maxLinger,
        BatchFormat format,
        int insertsInFlight) {

    /** {@link #insertsInFlight()}: decided at start from the table's engine. */
    public static final int INSERTS_IN_FLIGHT_AUTO = 0;

    /** What {@link #INSERTS_IN_FLIGHT_AUTO} chooses for a table whose engine does not depend on insert order. */
    public static final int AUTO_INSERTS_IN_FLIGHT = 2;

    /** The most {@link #insertsInFlight()} allowed: each costs the table a sender thread and a batch buffer. */
    public static final int MAX_INSERTS_IN_FLIGHT = 8;

    /** The default {@link #maxLinger()} at the default {@code maxWait}: {@value #LINGER_PER_WAIT} × 1 s. */
    public static final Duration DEFAULT_MAX_LINGER = Duration.ofSeconds(10);

    /** The default {@link #minRows()}, or {@code maxRows} when that is smaller. */
    public static final int DEFAULT_MIN_ROWS = 1_000;

    /** Unless set, {@link #maxLinger()} is this many times {@code maxWait}. */
    public static final int LINGER_PER_WAIT = 10;

    /** A configuration deciding its inserts in flight at start (the fields before {@code insertsInFlight} existed). */
    public BatchConfig(int maxRows, long maxBufferSize, Duration maxWait, int queueCapacity, Duration maxBlock,
            int maxRetries, Duration retryBaseDelay, Duration retryMaxDelay, int initialBufferSize,
            long bufferShrinkThreshold, Duration shutdownTimeout, ValidationMode validation, Deduplication deduplication,
            InsertMode insertMode, Durability durability, WalConfig wal, int minRows, Duration maxLinger,
            BatchFormat format) {
        this(maxRows, maxBufferSize, maxWait, queueCapacity, maxBlock, maxRetries, retryBaseDelay, retryMaxDelay,
                initialBufferSize, bufferShrinkThreshold, shutdownTimeout, validation, deduplication, insertMode,
                durability, wal, minRows, maxLinger, format, INSERTS_IN_FLIGHT_AUTO);
    }

    /** A configuration in the {@link BatchFormat#AUTO} format (the fields before {@code format} existed). */
    public BatchConfig(int maxRows, long maxBufferSize, Duration maxWait, int queueCapacity, Duration maxBlock,
            int maxRetries, Duration retryBaseDelay, Duration retryMaxDelay, int initialBufferSize,
            long bufferShrinkThreshold, Duration shutdownTimeout, ValidationMode validation, Deduplication deduplication,
            InsertMode insertMode, Durability durability, WalConfig wal, int minRows, Duration maxLinger) {
        this(maxRows, maxBufferSize, maxWait, queueCapacity, maxBlock, maxRetries, retryBaseDelay, retryMaxDelay,
                initialBufferSize, bufferShrinkThreshold, shutdownTimeout, validation, deduplication, insertMode,
                durability, wal, minRows, maxLinger, BatchFormat.AUTO);
    }

    /** A configuration that seals every batch at {@code maxWait} (the fields before {@code minRows} existed). */
    public BatchConfig(int maxRows, long maxBufferSize, Duration maxWait, int queueCapacity, Duration maxBlock,
            int maxRetries, Duration retryBaseDelay, Duration retryMaxDelay, int initialBufferSize,
            long bufferShrinkThreshold, Duration shutdownTimeout, ValidationMode validation, Deduplication deduplication,
            InsertMode insertMode, Durability durability, WalConfig wal) {
        this(maxRows, maxBufferSize, maxWait, queueCapacity, maxBlock, maxRetries, retryBaseDelay, retryMaxDelay,
                initialBufferSize, bufferShrinkThreshold, shutdownTimeout, validation, deduplication, insertMode,
                durability, wal, 0, DEFAULT_MAX_LINGER);
    }

    /** A configuration with memory durability (the fields before write-ahead logging existed). */
    public BatchConfig(int maxRows, long maxBufferSize, Duration maxWait, int queueCapacity, Duration maxBlock,
            int maxRetries, Duration retryBaseDelay, Duration retryMaxDelay, int initialBufferSize,
            long bufferShrinkThreshold, Duration shutdownTimeout, ValidationMode validation, Deduplication deduplication,
            InsertMode insertMode) {
        this(maxRows, maxBufferSize, maxWait, queueCapacity, maxBlock, maxRetries, retryBaseDelay, retryMaxDelay,
                initialBufferSize, bufferShrinkThreshold, shutdownTimeout, validation, deduplication, insertMode,
                Durability.MEMORY, WalConfig.defaults());
    }

    /** Validates every field; prefer {@link #builder()}. */
    public BatchConfig {
        requireRange("maxRows", maxRows, 1, Integer.MAX_VALUE);
        requireRange("maxBufferSize", maxBufferSize, 1, Integer.MAX_VALUE - 64L);
        requirePositive("maxWait", maxWait);
        requireRange("queueCapacity", queueCapacity, 1, Integer.MAX_VALUE);
        requireNonNegative("maxBlock", maxBlock);
        requireRange("maxRetries", maxRetries, 0, 1_000);
        requireNonNegative("retryBaseDelay", retryBaseDelay);
        requireNonNegative("retryMaxDelay", retryMaxDelay);
        if (retryMaxDelay.compareTo(retryBaseDelay) < 0) {
            throw new ConfigValueException("retryMaxDelay", retryMaxDelay, "retryMaxDelay (" + retryMaxDelay
                    + ") must be >= retryBaseDelay (" + retryBaseDelay + ")");
        }
        requireRange("initialBufferSize", initialBufferSize, 0, Integer.MAX_VALUE - 64L);
        requireRange("bufferShrinkThreshold", bufferShrinkThreshold, initialBufferSize, Long.MAX_VALUE);
        requireNonNegative("shutdownTimeout", shutdownTimeout);
        requireNonNull("validation", validation);
        requireNonNull("deduplication", deduplication);
        requireNonNull("insertMode", insertMode);
        requireNonNull("durability", durability);
        requireNonNull("wal", wal);
        requireRange("minRows", minRows, 0, maxRows);
        requirePositive("maxLinger", maxLinger);
        requireNonNull("format", format);
        requireRange("insertsInFlight", insertsInFlight, INSERTS_IN_FLIGHT_AUTO, MAX_INSERTS_IN_FLIGHT);
        if (minRows > 0 && maxLinger.compareTo(maxWait) < 0) {
            throw new ConfigValueException("maxLinger", maxLinger, "maxLinger (" + maxLinger + ") must be >= maxWait ("
                    + maxWait + "): it is how much longer a batch below minRows may wait");
        }
    }

    /** A configuration with every default. */
    public static BatchConfig defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void requireNonNull(String field, Object value) {
        if (value == null) {
            throw new ConfigValueException(field, null, field + " must be set, was null");
        }
    }

    private static void requireRange(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ConfigValueException(field, value, field + " must be in [" + min + ", " + max + "], was " + value);
        }
    }

    private static void requirePositive(String field, Duration value) {
        requireNonNull(field, value);
        if (value.isNegative() || value.isZero()) {
            throw new ConfigValueException(field, value, field + " must be > 0, was " + value);
        }
    }

    private static void requireNonNegative(String field, Duration value) {
        requireNonNull(field, value);
        if (value.isNegative()) {
            throw new ConfigValueException(field, value, field + " must be >= 0, was " + value);
        }
    }

    /** Builds a {@link BatchConfig}; {@link #build()} validates and names any bad field. */
    public static final class Builder {
        private int maxRows = 100_000;
        private long maxBufferSize = 16L * 1024 * 1024;
        private Duration maxWait = Duration.ofSeconds(1);
        private int queueCapacity = 100_000;
        private Duration maxBlock = Duration.ofSeconds(5);
        private int maxRetries = 5;
        private Duration retryBaseDelay = Duration.ofMillis(100);
        private Duration retryMaxDelay = Duration.ofSeconds(10);
        private int initialBufferSize = 64 * 1024;
        private long bufferShrinkThreshold = 32L * 1024 * 1024;
        private Duration shutdownTimeout = Duration.ofSeconds(30);
        private ValidationMode validation = ValidationMode.FAIL;
        private Deduplication deduplication = Deduplication.AUTO;
        private InsertMode insertMode = InsertMode.SYNC;
        private Durability durability = Durability.MEMORY;
        private WalConfig wal = WalConfig.defaults();
        /** {@code null}: {@value BatchConfig#DEFAULT_MIN_ROWS}, at most {@code maxRows}. */
        private Integer minRows;
        /** {@code null}: {@value BatchConfig#LINGER_PER_WAIT} × {@code maxWait}. */
        private Duration maxLinger;
        private BatchFormat format = BatchFormat.AUTO;
        private int insertsInFlight = INSERTS_IN_FLIGHT_AUTO;

        private Builder() {
        }

        private Builder(BatchConfig c) {
            maxRows = c.maxRows;
            maxBufferSize = c.maxBufferSize;
            maxWait = c.maxWait;
            queueCapacity = c.queueCapacity;
            maxBlock = c.maxBlock;
            maxRetries = c.maxRetries;
            retryBaseDelay = c.retryBaseDelay;
            retryMaxDelay = c.retryMaxDelay;
            initialBufferSize = c.initialBufferSize;
            bufferShrinkThreshold = c.bufferShrinkThreshold;
            shutdownTimeout = c.shutdownTimeout;
            validation = c.validation;
            deduplication = c.deduplication;
            insertMode = c.insertMode;
            durability = c.durability;
            wal = c.wal;
            // values equal to the derived defaults stay derived: a copy whose maxRows or maxWait changes follows them
            minRows = c.minRows == defaultMinRows(c.maxRows) ? null : c.minRows;
            maxLinger = c.maxLinger.equals(defaultMaxLinger(c.maxWait)) ? null : c.maxLinger;
            format = c.format;
            insertsInFlight = c.insertsInFlight;
        }

        private static int defaultMinRows(int maxRows) {
            return Math.max(0, Math.min(DEFAULT_MIN_ROWS, maxRows));
        }

        private static Duration defaultMaxLinger(Duration maxWait) {
            if (maxWait == null || maxWait.getSeconds() > Long.MAX_VALUE / (4L * LINGER_PER_WAIT)) {
                return maxWait == null ? DEFAULT_MAX_LINGER : maxWait;
            }
            return maxWait.multipliedBy(LINGER_PER_WAIT);
        }

        /** Rows per batch before a flush. */
        public Builder maxRows(int value) { maxRows = value; return this; }

        /** Encoded bytes per batch before a flush. */
        public Builder maxBufferSize(long value) { maxBufferSize = value; return this; }

        /** Age of a batch's first row before a flush. */
        public Builder maxWait(Duration value) { maxWait = value; return this; }

        /** Rows the queue holds before producers wait. */
        public Builder queueCapacity(int value) { queueCapacity = value; return this; }

        /** Longest {@code insert} waits for room in the queue. */
        public Builder maxBlock(Duration value) { maxBlock = value; return this; }

        /** Retries after a failed insert attempt. */
        public Builder maxRetries(int value) { maxRetries = value; return this; }

        /** First retry delay, doubled per attempt with jitter. */
        public Builder retryBaseDelay(Duration value) { retryBaseDelay = value; return this; }

        /** Cap of the retry delay. */
        public Builder retryMaxDelay(Duration value) { retryMaxDelay = value; return this; }

        /** Initial capacity of an encode buffer in bytes. */
        public Builder initialBufferSize(int value) { initialBufferSize = value; return this; }

        /** Capacity beyond which a buffer is shrunk back after a flush. */
        public Builder bufferShrinkThreshold(long value) { bufferShrinkThreshold = value; return this; }

        /** Longest close waits to drain and flush. */
        public Builder shutdownTimeout(Duration value) { shutdownTimeout = value; return this; }

        /** What to do when the row type does not match the live table. */
        public Builder validation(ValidationMode value) { validation = value; return this; }

        /** Whether batches carry a deduplication token. */
        public Builder deduplication(Deduplication value) { deduplication = value; return this; }

        /** Whether batches go straight into the table or through the server's async-insert queue. */
        public Builder insertMode(InsertMode value) { insertMode = value; return this; }

        /** Where accepted rows live until acknowledged: memory, or a write-ahead log on local disk. */
        public Builder durability(Durability value) { durability = value; return this; }

        /** The write-ahead log of {@link Durability#WAL}. */
        public Builder wal(WalConfig value) { wal = value; return this; }

        /**
         * Rows a batch needs before {@code maxWait} seals it (0: none; default {@value BatchConfig#DEFAULT_MIN_ROWS}, at most
         * {@code maxRows}); see {@link BatchConfig#minRows()}.
         */
        public Builder minRows(int value) { minRows = value; return this; }

        /**
         * Age at which a batch below {@code minRows} is sealed (default {@value BatchConfig#LINGER_PER_WAIT} × {@code maxWait});
         * see {@link BatchConfig#maxLinger()}.
         */
        public Builder maxLinger(Duration value) { maxLinger = value; return this; }

        /** The input format batches are encoded in; see {@link BatchConfig#format()}. */
        public Builder format(BatchFormat value) { format = value; return this; }

        /** How many inserts of one table may run at once, or 0 to decide at start; see {@link BatchConfig#insertsInFlight()}. */
        public Builder insertsInFlight(int value) { insertsInFlight = value; return this; }

        /**
         * Validates and builds.
         *
         * @throws IllegalArgumentException naming the first bad field, its value and allowed range
         */
        public BatchConfig build() {
            return new BatchConfig(maxRows, maxBufferSize, maxWait, queueCapacity, maxBlock, maxRetries,
                    retryBaseDelay, retryMaxDelay, initialBufferSize, bufferShrinkThreshold, shutdownTimeout,
                    validation, deduplication, insertMode, durability, wal,
                    minRows != null ? minRows : defaultMinRows(maxRows),
                    maxLinger != null ? maxLinger : defaultMaxLinger(maxWait), format, insertsInFlight);
        }
    }
}
