package io.clicktype.batch.encoding;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the {@link ColumnSequence} for a row type: a chain of hidden {@link ColumnChain} classes
 * whose constants are the row's codecs, or the plain {@link ColumnLoop} where hidden classes
 * cannot be defined (the template's bytes are not readable, e.g. in a native image). Both behave
 * the same; the chain is faster. Mapping time only.
 */
final class ColumnSequences {

    private static final Logger LOG = LoggerFactory.getLogger(ColumnSequences.class);

    private static final ColumnEncoder<Object> NO_COLUMN = new ColumnEncoder<>() {
        @Override
        public String column() {
            return "";
        }

        @Override
        public String javaType() {
            return "";
        }

        @Override
        public String type() {
            return "";
        }

        @Override
        public void validate(Object row) {
            // an unused slot
        }

        @Override
        public void encode(Object row, RowBuffer out) {
            // an unused slot
        }
    };

    private static final ColumnSequence<Object> NO_COLUMNS = new ColumnSequence<>() {
        @Override
        void validate(Object row) {
            // the end of the chain
        }

        @Override
        void encode(Object row, RowBuffer out) {
            // the end of the chain
        }

        @Override
        void encodeColumns(Object row, RowBuffer[] targets) {
            // the end of the chain
        }
    };

    private static final byte[] TEMPLATE = templateBytes();

    private static final AtomicBoolean FALLBACK_LOGGED = new AtomicBoolean();

    private ColumnSequences() {
    }

    /** The sequence for {@code columns}, in insert order. */
    static <T> ColumnSequence<T> of(List<ColumnEncoder<T>> columns) {
        return of(columns, TEMPLATE);
    }

    /** As {@link #of(List)}, from the given template bytes ({@code null}: none); for tests. */
    @SuppressWarnings("unchecked")
    static <T> ColumnSequence<T> of(List<ColumnEncoder<T>> columns, byte[] template) {
        if (columns.isEmpty()) {
            return new ColumnLoop<>(columns);
        }
        if (template == null) {
            fallingBack("the template class file ColumnChain.class cannot be read as a resource", null);
            return new ColumnLoop<>(columns);
        }
        try {
            return (ColumnSequence<T>) chain(columns, template);
        } catch (Throwable e) {
            if (e instanceof VirtualMachineError error) {
                throw error;
            }
            fallingBack(e.toString(), e);
            return new ColumnLoop<>(columns);
        }
    }

    /** Says once per JVM why rows are encoded the slower way; the bytes are the same. */
    private static void fallingBack(String reason, Throwable cause) {
        if (FALLBACK_LOGGED.compareAndSet(false, true)) {
            LOG.info("Rows are encoded through a loop over their column codecs, correct but slower than the "
                    + "specialised encoder, because {}", reason);
        }
        LOG.debug("Specialised column chain not defined", cause);
    }

    /** The codec of an unused slot: does nothing. */
    static ColumnEncoder<Object> noColumn() {
        return NO_COLUMN;
    }

    /** The sequence after the last chain link: does nothing. */
    static ColumnSequence<Object> noColumns() {
        return NO_COLUMNS;
    }

    /** Links built from the last one back, so that each can name its successor as a constant. */
    @SuppressWarnings("unchecked")
    private static ColumnSequence<Object> chain(List<? extends ColumnEncoder<?>> columns, byte[] template)
            throws Throwable {
        ColumnSequence<Object> next = NO_COLUMNS;
        int lastLinkStart = (columns.size() - 1) / ColumnChain.SLOTS * ColumnChain.SLOTS;
        for (int first = lastLinkStart; first >= 0; first -= ColumnChain.SLOTS) {
            List<Object> data = new ArrayList<>(ColumnChain.SLOTS + 2);
            for (int slot = 0; slot < ColumnChain.SLOTS; slot++) {
                int index = first + slot;
                data.add(index < columns.size() ? columns.get(index) : NO_COLUMN);
            }
            data.add(next);
            data.add(first);
            MethodHandles.Lookup link = MethodHandles.lookup()
                    .defineHiddenClassWithClassData(template, List.copyOf(data), true);
            next = (ColumnSequence<Object>) link.findConstructor(link.lookupClass(), MethodType.methodType(void.class))
                    .invoke();
        }
        return next;
    }

    private static byte[] templateBytes() {
        try (InputStream in = ColumnChain.class.getResourceAsStream("ColumnChain.class")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException | SecurityException e) {
            return null;
        }
    }
}
