package io.clicktype.batch.encoding;

import java.lang.invoke.MethodHandles;

/**
 * Template of a {@link ColumnSequence} specialised for one row type. This class itself is never
 * used: {@link ColumnSequences} defines a hidden copy of it per row type (and per further
 * {@value #SLOTS} columns), whose class data fills the constants below with that type's codecs.
 *
 * <p>Why: a loop over a codec array has one call site that sees every codec class and every
 * getter of every row type, so the JIT dispatches each column through a virtual call. Here each
 * column has its own call site on a {@code static final} constant, which the JIT treats as a
 * known object: it inlines the codec, its getter and its writer, as if the encoder had been
 * written by hand for the row. Unused slots hold {@link ColumnSequences#noColumn()}, which
 * inlines to nothing.
 *
 * <p>The counter {@code i} only names the rejecting column; the JIT keeps it out of the fast
 * path.
 */
final class ColumnChain extends ColumnSequence<Object> {

    /** Columns per chain link. */
    static final int SLOTS = 16;

    private static final ColumnEncoder<Object> C0 = codec(0);
    private static final ColumnEncoder<Object> C1 = codec(1);
    private static final ColumnEncoder<Object> C2 = codec(2);
    private static final ColumnEncoder<Object> C3 = codec(3);
    private static final ColumnEncoder<Object> C4 = codec(4);
    private static final ColumnEncoder<Object> C5 = codec(5);
    private static final ColumnEncoder<Object> C6 = codec(6);
    private static final ColumnEncoder<Object> C7 = codec(7);
    private static final ColumnEncoder<Object> C8 = codec(8);
    private static final ColumnEncoder<Object> C9 = codec(9);
    private static final ColumnEncoder<Object> C10 = codec(10);
    private static final ColumnEncoder<Object> C11 = codec(11);
    private static final ColumnEncoder<Object> C12 = codec(12);
    private static final ColumnEncoder<Object> C13 = codec(13);
    private static final ColumnEncoder<Object> C14 = codec(14);
    private static final ColumnEncoder<Object> C15 = codec(15);
    private static final ColumnSequence<Object> NEXT = next();
    private static final int FIRST = first();

    @Override
    void validate(Object row) {
        int i = 0;
        try {
            C0.validate(row);
            i = 1;
            C1.validate(row);
            i = 2;
            C2.validate(row);
            i = 3;
            C3.validate(row);
            i = 4;
            C4.validate(row);
            i = 5;
            C5.validate(row);
            i = 6;
            C6.validate(row);
            i = 7;
            C7.validate(row);
            i = 8;
            C8.validate(row);
            i = 9;
            C9.validate(row);
            i = 10;
            C10.validate(row);
            i = 11;
            C11.validate(row);
            i = 12;
            C12.validate(row);
            i = 13;
            C13.validate(row);
            i = 14;
            C14.validate(row);
            i = 15;
            C15.validate(row);
            i = 16;
            NEXT.validate(row);
        } catch (ValueRejectedException e) {
            throw new ColumnRejection(FIRST + i, e);
        }
    }

    @Override
    void encode(Object row, RowBuffer out) {
        int i = 0;
        try {
            C0.encode(row, out);
            i = 1;
            C1.encode(row, out);
            i = 2;
            C2.encode(row, out);
            i = 3;
            C3.encode(row, out);
            i = 4;
            C4.encode(row, out);
            i = 5;
            C5.encode(row, out);
            i = 6;
            C6.encode(row, out);
            i = 7;
            C7.encode(row, out);
            i = 8;
            C8.encode(row, out);
            i = 9;
            C9.encode(row, out);
            i = 10;
            C10.encode(row, out);
            i = 11;
            C11.encode(row, out);
            i = 12;
            C12.encode(row, out);
            i = 13;
            C13.encode(row, out);
            i = 14;
            C14.encode(row, out);
            i = 15;
            C15.encode(row, out);
            i = 16;
            NEXT.encode(row, out);
        } catch (ValueRejectedException e) {
            throw new ColumnRejection(FIRST + i, e);
        }
    }

    @Override
    void encodeColumns(Object row, RowBuffer[] targets) {
        int i = 0;
        try {
            C0.encode(row, targets[FIRST]);
            i = 1;
            C1.encode(row, targets[FIRST + 1]);
            i = 2;
            C2.encode(row, targets[FIRST + 2]);
            i = 3;
            C3.encode(row, targets[FIRST + 3]);
            i = 4;
            C4.encode(row, targets[FIRST + 4]);
            i = 5;
            C5.encode(row, targets[FIRST + 5]);
            i = 6;
            C6.encode(row, targets[FIRST + 6]);
            i = 7;
            C7.encode(row, targets[FIRST + 7]);
            i = 8;
            C8.encode(row, targets[FIRST + 8]);
            i = 9;
            C9.encode(row, targets[FIRST + 9]);
            i = 10;
            C10.encode(row, targets[FIRST + 10]);
            i = 11;
            C11.encode(row, targets[FIRST + 11]);
            i = 12;
            C12.encode(row, targets[FIRST + 12]);
            i = 13;
            C13.encode(row, targets[FIRST + 13]);
            i = 14;
            C14.encode(row, targets[FIRST + 14]);
            i = 15;
            C15.encode(row, targets[FIRST + 15]);
            i = 16;
            NEXT.encodeColumns(row, targets);
        } catch (ValueRejectedException e) {
            throw new ColumnRejection(FIRST + i, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static ColumnEncoder<Object> codec(int slot) {
        ColumnEncoder<Object> codec = data(slot, ColumnEncoder.class);
        return codec == null ? ColumnSequences.noColumn() : codec;
    }

    @SuppressWarnings("unchecked")
    private static ColumnSequence<Object> next() {
        ColumnSequence<Object> next = data(SLOTS, ColumnSequence.class);
        return next == null ? ColumnSequences.noColumns() : next;
    }

    private static int first() {
        Integer first = data(SLOTS + 1, Integer.class);
        return first == null ? 0 : first;
    }

    private static <V> V data(int index, Class<V> type) {
        try {
            return MethodHandles.classDataAt(MethodHandles.lookup(), "_", type, index);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
