package io.clicktype.batch.encoding;

import java.util.Collection;
import java.util.List;
import java.util.RandomAccess;

/**
 * Array(T): varint element count, then each element. Accepts {@link List} (any
 * {@link Collection}), object arrays and primitive arrays; primitive elements go through the
 * element writer's {@link LongSink} / {@link DoubleSink} / {@link BooleanSink} without boxing.
 */
public final class ArrayWriter extends ValueWriter {

    private final ValueWriter element;

    /** @param element writer of T */
    public ArrayWriter(String type, ValueWriter element) {
        super(type);
        this.element = element;
    }

    @Override
    protected void checkNonNull(Object value) {
        process(value, null);
    }

    @Override
    protected void writeNonNull(Object value, RowBuffer out) {
        process(value, out);
    }

    /** Checks ({@code out == null}) or writes every element. */
    private void process(Object value, RowBuffer out) {
        if (value instanceof List<?> list && list instanceof RandomAccess) {
            int n = list.size();
            writeLength(n, out);
            for (int i = 0; i < n; i++) {
                one(list.get(i), out);
            }
        } else if (value instanceof Collection<?> collection) {
            writeLength(collection.size(), out);
            for (Object item : collection) {
                one(item, out);
            }
        } else if (value instanceof Object[] array) {
            writeLength(array.length, out);
            for (Object item : array) {
                one(item, out);
            }
        } else if (value instanceof long[] array && element instanceof LongSink sink) {
            writeLength(array.length, out);
            for (long item : array) {
                longOne(sink, item, out);
            }
        } else if (value instanceof int[] array && element instanceof LongSink sink) {
            writeLength(array.length, out);
            for (int item : array) {
                longOne(sink, item, out);
            }
        } else if (value instanceof short[] array && element instanceof LongSink sink) {
            writeLength(array.length, out);
            for (short item : array) {
                longOne(sink, item, out);
            }
        } else if (value instanceof byte[] array && element instanceof LongSink sink) {
            writeLength(array.length, out);
            for (byte item : array) {
                longOne(sink, item, out);
            }
        } else if (value instanceof double[] array && element instanceof DoubleSink sink) {
            writeLength(array.length, out);
            for (double item : array) {
                doubleOne(sink, item, out);
            }
        } else if (value instanceof float[] array && element instanceof DoubleSink sink) {
            writeLength(array.length, out);
            for (float item : array) {
                doubleOne(sink, item, out);
            }
        } else if (value instanceof boolean[] array && element instanceof BooleanSink sink) {
            writeLength(array.length, out);
            for (boolean item : array) {
                if (out != null) {
                    sink.writeBoolean(item, out);
                }
            }
        } else {
            throw wrongClass(value);
        }
    }

    private static void writeLength(int n, RowBuffer out) {
        if (out != null) {
            out.writeVarUInt(n);
        }
    }

    private void one(Object item, RowBuffer out) {
        try {
            if (out == null) {
                element.check(item);
            } else {
                element.write(item, out);
            }
        } catch (ValueRejectedException e) {
            throw e.isNullValue() ? NullableForm.element("element", type(),
                    NullableForm.withNullable("Array", new String[] {element.type()}, 0)) : e;
        }
    }

    private static void doubleOne(DoubleSink sink, double item, RowBuffer out) {
        if (out == null) {
            sink.checkDouble(item);
        } else {
            sink.writeDouble(item, out);
        }
    }

    private static void longOne(LongSink sink, long item, RowBuffer out) {
        if (out == null) {
            sink.checkLong(item);
        } else {
            sink.writeLong(item, out);
        }
    }
}
