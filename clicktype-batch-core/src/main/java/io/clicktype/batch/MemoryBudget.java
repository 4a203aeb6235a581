package io.clicktype.batch;

import io.clicktype.batch.engine.ByteBudget;

/**
 * One bound on the heap that every batcher sharing it may use, like Kafka's {@code buffer.memory}: rows queued in
 * memory (by an estimate per row, see docs/engine.md), batch buffers, and copies handed to a
 * {@link FailedBatchHandler} all count against it. When it is full, {@code insert} waits up to {@code maxBlock} and
 * then throws {@link BatchQueueFullException} naming the budget; {@code tryInsert} sheds (counted).
 *
 * <p>By default every batcher of the JVM shares {@link #jvmDefault()}: a quarter of the maximum heap. The starter
 * makes one from {@code clicktype.batch.memory.max}. Thread-safe.
 */
public final class MemoryBudget {

    /** The part of the maximum heap the default budget takes: one quarter. */
    public static final int DEFAULT_HEAP_DIVISOR = 4;
    /** The smallest budget: room for the two batch buffers of a few tables. */
    public static final long MIN_BYTES = 4L << 20;

    private static final class Default {
        static final MemoryBudget INSTANCE = ofMaxBytes(defaultMaxBytes());
    }

    private final ByteBudget bytes;

    private MemoryBudget(long maxBytes) {
        this.bytes = new ByteBudget(maxBytes);
    }

    /**
     * A budget of {@code maxBytes}.
     *
     * @throws ConfigValueException when {@code maxBytes} is below {@link #MIN_BYTES}
     */
    public static MemoryBudget ofMaxBytes(long maxBytes) {
        if (maxBytes < MIN_BYTES) {
            throw new ConfigValueException("memory.max", maxBytes, "memory budget (clicktype.batch.memory.max) must be "
                    + "at least 4 MiB (" + MIN_BYTES + " bytes), was " + maxBytes + " bytes");
        }
        return new MemoryBudget(maxBytes);
    }

    /** The budget every batcher of this JVM shares unless given another: {@link #defaultMaxBytes()}. */
    public static MemoryBudget jvmDefault() {
        return Default.INSTANCE;
    }

    /** A quarter of the JVM's maximum heap ({@code -Xmx}), at least {@link #MIN_BYTES}. */
    public static long defaultMaxBytes() {
        return Math.max(MIN_BYTES, Runtime.getRuntime().maxMemory() / DEFAULT_HEAP_DIVISOR);
    }

    /** The budget in bytes. */
    public long maxBytes() {
        return bytes.max();
    }

    /** Bytes charged now, by every batcher sharing this budget. */
    public long usedBytes() {
        return bytes.used();
    }

    /** Producers waiting for room now. */
    public int waitingProducers() {
        return bytes.waiting();
    }

    ByteBudget bytes() {
        return bytes;
    }

    @Override
    public String toString() {
        return "MemoryBudget[max=" + maxBytes() + " bytes, used=" + usedBytes() + "]";
    }
}
