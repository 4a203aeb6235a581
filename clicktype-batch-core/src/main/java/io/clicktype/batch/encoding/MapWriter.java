package io.clicktype.batch.encoding;

import java.util.Map;

/** Map(K, V): varint entry count, then key and value of each entry. Accepts {@link Map}. */
public final class MapWriter extends ValueWriter {

    private final ValueWriter key;
    private final ValueWriter value;

    /** @param key writer of K; @param value writer of V */
    public MapWriter(String type, ValueWriter key, ValueWriter value) {
        super(type);
        this.key = key;
        this.value = value;
    }

    @Override
    protected void checkNonNull(Object map) {
        if (!(map instanceof Map<?, ?> entries)) {
            throw wrongClass(map);
        }
        for (Map.Entry<?, ?> entry : entries.entrySet()) {
            try {
                key.check(entry.getKey());
            } catch (ValueRejectedException e) {
                throw e.isNullValue() ? NullableForm.element("key", type(), null) : e;
            }
            try {
                value.check(entry.getValue());
            } catch (ValueRejectedException e) {
                throw e.isNullValue() ? NullableForm.element("value", type(),
                        NullableForm.withNullable("Map", new String[] {key.type(), value.type()}, 1)) : e;
            }
        }
    }

    @Override
    protected void writeNonNull(Object map, RowBuffer out) {
        if (!(map instanceof Map<?, ?> entries)) {
            throw wrongClass(map);
        }
        out.writeVarUInt(entries.size());
        for (Map.Entry<?, ?> entry : entries.entrySet()) {
            try {
                key.write(entry.getKey(), out);
            } catch (ValueRejectedException e) {
                throw e.isNullValue() ? NullableForm.element("key", type(), null) : e;
            }
            try {
                value.write(entry.getValue(), out);
            } catch (ValueRejectedException e) {
                throw e.isNullValue() ? NullableForm.element("value", type(),
                        NullableForm.withNullable("Map", new String[] {key.type(), value.type()}, 1)) : e;
            }
        }
    }
}
