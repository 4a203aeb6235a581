package io.clicktype.batch.wal;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A region of a segment file mapped for writing, which can be unmapped at once ({@link #unmap()}), not when the
 * garbage collector finds the buffer unreachable.
 *
 * <p>Why unmap at once: when the log's sync thread forces a file, the kernel write-protects every page it writes
 * back that is still mapped (so that the next write marks it dirty again), and a page mapped in a process whose
 * threads run on other cores costs a TLB shoot-down there: an inter-processor interrupt per 4 KiB page, which under
 * a hypervisor (every cloud VM) is a trap on both cores. Measured on a 2-vCPU KVM guest (docs/benchmarks.md §9):
 * with whole segments mapped until garbage collection, those interrupts were most of the sync thread's ~170 ns of
 * CPU per row. A page already unmapped is written back without any. So appends write through a small window that
 * moves along the segment, and each window is unmapped as soon as the appender leaves it: one shoot-down per window
 * instead of one per page.
 *
 * <p>How: Java 17 has no public call that unmaps. On Java 22 and later a window is mapped into its own shared
 * {@code java.lang.foreign.Arena}, whose {@code close()} unmaps it (the standard API; reached through method
 * handles, as this library compiles for Java 17). On Java 17 to 21, {@code sun.misc.Unsafe.invokeCleaner}, the call
 * the JDK kept in {@code jdk.unsupported} for exactly this (JDK-8171377; deprecated from Java 23, when the
 * standard one exists). Where neither is available, a window is left to the garbage collector as before: slower,
 * equally correct. Every call here is made once per window, never per record.
 *
 * <p>A window is mapped through a channel opened for that purpose and closed right after (a mapping does not
 * depend on its channel): mapping is an interruptible operation, and an interrupt arriving then would otherwise
 * close the channel the segment is forced through.
 */
final class MappedWindow {

    private static final Logger LOG = LoggerFactory.getLogger(MappedWindow.class);
    private static final Unmapping UNMAPPING = Unmapping.find();

    private final ByteBuffer buffer;
    private final Object arena;
    private boolean unmapped;

    private MappedWindow(ByteBuffer buffer, Object arena) {
        this.buffer = buffer.order(ByteOrder.LITTLE_ENDIAN);
        this.arena = arena;
    }

    /**
     * Maps {@code size} bytes of {@code file} from {@code offset} for reading and writing, little-endian.
     *
     * @throws IOException when the file cannot be opened or mapped
     */
    static MappedWindow map(Path file, long offset, long size) throws IOException {
        // an interrupt during the map would close the channel and fail the append that asked for the window: the
        // interrupt is set aside while mapping, and given back after
        boolean interrupted = Thread.interrupted();
        try {
            for (int attempt = 0; ; attempt++) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    return UNMAPPING.map(channel, offset, size);
                } catch (ClosedByInterruptException e) {
                    interrupted |= Thread.interrupted();
                    if (attempt == 2) {
                        throw e;
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The mapped bytes: position 0 is the window's offset in the file. Unusable after {@link #unmap()}. */
    ByteBuffer buffer() {
        return buffer;
    }

    /**
     * Unmaps the window now (its dirty pages stay in the page cache, to be written back and forced as any other).
     * The buffer must not be touched afterwards: the owner drops every reference first.
     */
    void unmap() {
        if (unmapped) {
            return;
        }
        unmapped = true;
        try {
            UNMAPPING.unmap(this);
        } catch (Throwable e) {
            LOG.debug("Could not unmap a write-ahead log window; the garbage collector will: {}", e.toString());
        }
    }

    /** How windows are mapped and unmapped on this JVM. */
    private abstract static class Unmapping {

        abstract MappedWindow map(FileChannel channel, long offset, long size) throws IOException;

        abstract void unmap(MappedWindow window) throws Throwable;

        static Unmapping find() {
            if (Runtime.version().feature() >= 22) {
                try {
                    return new ForeignArena();
                } catch (ReflectiveOperationException | RuntimeException e) {
                    LOG.debug("java.lang.foreign is not usable to unmap log windows: {}", e.toString());
                }
            } else {
                try {
                    return new UnsafeCleaner();
                } catch (ReflectiveOperationException | RuntimeException e) {
                    LOG.debug("sun.misc.Unsafe.invokeCleaner is not usable to unmap log windows: {}", e.toString());
                }
            }
            LOG.info("Write-ahead log windows are unmapped by the garbage collector on this JVM (neither "
                    + "java.lang.foreign nor sun.misc.Unsafe.invokeCleaner is usable): forcing the log costs more CPU");
            return new GarbageCollector();
        }
    }

    /** Java 22+: each window in its own shared arena; closing the arena unmaps it. */
    private static final class ForeignArena extends Unmapping {
        private final MethodHandle ofShared;
        private final MethodHandle mapInArena;
        private final MethodHandle asByteBuffer;
        private final MethodHandle close;

        ForeignArena() throws ReflectiveOperationException {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> arenaType = Class.forName("java.lang.foreign.Arena");
            Class<?> segmentType = Class.forName("java.lang.foreign.MemorySegment");
            ofShared = lookup.findStatic(arenaType, "ofShared", MethodType.methodType(arenaType));
            mapInArena = lookup.findVirtual(FileChannel.class, "map", MethodType.methodType(segmentType,
                    FileChannel.MapMode.class, long.class, long.class, arenaType));
            asByteBuffer = lookup.findVirtual(segmentType, "asByteBuffer", MethodType.methodType(ByteBuffer.class));
            close = lookup.findVirtual(arenaType, "close", MethodType.methodType(void.class));
        }

        @Override
        MappedWindow map(FileChannel channel, long offset, long size) throws IOException {
            Object arena;
            try {
                arena = ofShared.invoke();
            } catch (Throwable e) {
                throw new IOException("cannot create an arena to map the write-ahead log", e);
            }
            try {
                Object segment = mapInArena.invoke(channel, FileChannel.MapMode.READ_WRITE, offset, size, arena);
                return new MappedWindow((ByteBuffer) asByteBuffer.invoke(segment), arena);
            } catch (Throwable e) {
                try {
                    close.invoke(arena);
                } catch (Throwable suppressed) {
                    e.addSuppressed(suppressed);
                }
                if (e instanceof IOException io) {
                    throw io;
                }
                throw new IOException("cannot map the write-ahead log: " + e, e);
            }
        }

        @Override
        void unmap(MappedWindow window) throws Throwable {
            close.invoke(window.arena);
        }
    }

    /** Java 17–21: {@code sun.misc.Unsafe.invokeCleaner} on the mapped buffer. */
    private static final class UnsafeCleaner extends Unmapping {
        private final MethodHandle invokeCleaner;

        UnsafeCleaner() throws ReflectiveOperationException {
            Class<?> unsafeType = Class.forName("sun.misc.Unsafe");
            Field theUnsafe = unsafeType.getDeclaredField("theUnsafe");
            theUnsafe.setAccessible(true);
            invokeCleaner = MethodHandles.publicLookup()
                    .findVirtual(unsafeType, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class))
                    .bindTo(theUnsafe.get(null));
        }

        @Override
        MappedWindow map(FileChannel channel, long offset, long size) throws IOException {
            return new MappedWindow(channel.map(FileChannel.MapMode.READ_WRITE, offset, size), null);
        }

        @Override
        void unmap(MappedWindow window) throws Throwable {
            invokeCleaner.invoke(window.buffer);
        }
    }

    /** Neither: the window is unmapped when its buffer is collected. */
    private static final class GarbageCollector extends Unmapping {
        @Override
        MappedWindow map(FileChannel channel, long offset, long size) throws IOException {
            return new MappedWindow(channel.map(FileChannel.MapMode.READ_WRITE, offset, size), null);
        }

        @Override
        void unmap(MappedWindow window) {
        }
    }
}
