package io.clicktype.batch.encoding;

import java.util.List;

/**
 * Tuple(T1, ..., Tn): the elements one after another, no header. The value is a record whose
 * components are read, in order, by the same column codecs as a top-level row.
 */
public final class TupleWriter extends ValueWriter {

    private final Class<?> recordType;
    private final ColumnEncoder<Object>[] elements;

    /** @param recordType the Java record mapped onto the tuple; @param elements one codec per element */
    @SuppressWarnings("unchecked")
    public TupleWriter(String type, Class<?> recordType, List<ColumnEncoder<Object>> elements) {
        super(type);
        this.recordType = recordType;
        this.elements = elements.toArray(new ColumnEncoder[0]);
    }

    @Override
    protected void checkNonNull(Object value) {
        if (!recordType.isInstance(value)) {
            throw wrongClass(value);
        }
        for (int i = 0; i < elements.length; i++) {
            try {
                elements[i].validate(value);
            } catch (ValueRejectedException e) {
                throw reworded(e, i);
            }
        }
    }

    @Override
    protected void writeNonNull(Object value, RowBuffer out) {
        if (!recordType.isInstance(value)) {
            throw wrongClass(value);
        }
        for (int i = 0; i < elements.length; i++) {
            try {
                elements[i].encode(value, out);
            } catch (ValueRejectedException e) {
                throw reworded(e, i);
            }
        }
    }

    private ValueRejectedException reworded(ValueRejectedException e, int index) {
        if (!e.isNullValue()) {
            return e;
        }
        String[] types = new String[elements.length];
        for (int i = 0; i < types.length; i++) {
            types[i] = elements[i].type();
        }
        return NullableForm.element("element " + (index + 1) + " (`" + elements[index].column() + "`)", type(),
                NullableForm.withNullable("Tuple", types, index));
    }
}
