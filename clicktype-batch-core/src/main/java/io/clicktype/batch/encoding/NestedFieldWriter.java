package io.clicktype.batch.encoding;

import java.util.Collection;
import java.util.List;
import java.util.RandomAccess;

/**
 * One sub-column {@code n.x Array(T)} of a flattened {@code Nested} (ClickHouse's default,
 * {@code flatten_nested = 1}), written from the list of records that holds the whole structure: varint count,
 * then component {@code x} of each record. Every sub-column of the structure reads the same list, so their
 * arrays have equal lengths by construction (the server refuses an insert whose Nested arrays differ in
 * length). Accepts a {@link Collection} or an object array of records; a null record is rejected.
 */
public final class NestedFieldWriter extends ValueWriter {

    private final String structure;
    private final ColumnEncoder<Object> field;

    /**
     * @param type      the sub-column's type, {@code Array(T)}
     * @param structure the Nested structure's name, e.g. {@code tags}, for messages
     * @param field     reads the component from one record and writes it as T
     */
    public NestedFieldWriter(String type, String structure, ColumnEncoder<Object> field) {
        super(type);
        this.structure = structure;
        this.field = field;
    }

    @Override
    protected void checkNonNull(Object value) {
        process(value, null);
    }

    @Override
    protected void writeNonNull(Object value, RowBuffer out) {
        process(value, out);
    }

    private void process(Object value, RowBuffer out) {
        if (value instanceof List<?> list && list instanceof RandomAccess) {
            int n = list.size();
            if (out != null) {
                out.writeVarUInt(n);
            }
            for (int i = 0; i < n; i++) {
                one(list.get(i), out);
            }
        } else if (value instanceof Collection<?> collection) {
            if (out != null) {
                out.writeVarUInt(collection.size());
            }
            for (Object item : collection) {
                one(item, out);
            }
        } else if (value instanceof Object[] array) {
            if (out != null) {
                out.writeVarUInt(array.length);
            }
            for (Object item : array) {
                one(item, out);
            }
        } else {
            throw wrongClass(value);
        }
    }

    private void one(Object record, RowBuffer out) {
        if (record == null) {
            throw new ValueRejectedException("a null element is not allowed in Nested `" + structure
                    + "` (each element is one row of every " + structure + ".* array); leave it out");
        }
        try {
            if (out == null) {
                field.validate(record);
            } else {
                field.encode(record, out);
            }
        } catch (ValueRejectedException e) {
            if (!e.isNullValue()) {
                throw e;
            }
            String nullable = NullableForm.of(field.type());
            throw new ValueRejectedException("a null `" + field.column() + "` is not allowed in " + type() + "; "
                    + (nullable == null ? "set a value" : "set a value or make the column Array(" + nullable + ")"));
        }
    }
}
