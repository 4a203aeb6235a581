package io.clicktype.batch.mapping;

import io.clicktype.batch.encoding.BooleanSink;
import io.clicktype.batch.encoding.ColumnEncoder;
import io.clicktype.batch.encoding.DoubleSink;
import io.clicktype.batch.encoding.LongSink;
import io.clicktype.batch.encoding.ValueWriter;

/**
 * Builds the {@link ColumnEncoder} of one property for one ClickHouse type: primitives get a
 * boxing-free codec, references a codec around their {@link ValueWriter}. Mapping time only.
 */
final class ColumnEncoders {

    private ColumnEncoders() {
    }

    /**
     * @param defaultZone the server's time zone, for {@code LocalDateTime} into a DateTime without a zone
     *                    ({@code null}: UTC)
     * @throws IncompatibleTypeException when the property's Java type cannot be written as {@code type}
     */
    static ColumnEncoder<Object> create(JavaProperty property, ClickHouseType type, String defaultZone)
            throws IncompatibleTypeException {
        Class<?> raw = property.rawType();
        String javaName = JavaTypes.simpleName(property.type());
        String column = property.column();
        if (raw == String.class) {
            ClickHouseType inner = type.withoutLowCardinality();
            boolean nullable = inner.is("Nullable");
            if ((nullable ? inner.child() : inner).is("String")) {
                return ColumnEncoder.ofString(column, type.toString(), Accessors.ofObject(property), nullable);
            }
        }
        if (!raw.isPrimitive()) {
            return ColumnEncoder.ofObject(column, javaName, Accessors.ofObject(property),
                    WriterFactory.writer(type, property.type(), defaultZone));
        }
        boolean nullable = type.withoutLowCardinality().is("Nullable");
        ClickHouseType valueType = nullable ? type.withoutLowCardinality().child() : type;
        ValueWriter writer = WriterFactory.writer(valueType, property.type(), defaultZone);
        String typeName = type.toString();
        if (raw == double.class || raw == float.class) {
            return ColumnEncoder.ofDouble(column, javaName, typeName, Accessors.ofDouble(property), (DoubleSink) writer,
                    nullable);
        }
        if (raw == boolean.class) {
            return ColumnEncoder.ofBoolean(column, javaName, typeName, Accessors.ofBoolean(property),
                    (BooleanSink) writer, nullable);
        }
        if (raw == char.class || !(writer instanceof LongSink)) {
            throw new IncompatibleTypeException("`" + javaName + "` cannot be written as " + type);
        }
        return ColumnEncoder.ofLong(column, javaName, typeName, Accessors.ofLong(property), (LongSink) writer, nullable);
    }
}
