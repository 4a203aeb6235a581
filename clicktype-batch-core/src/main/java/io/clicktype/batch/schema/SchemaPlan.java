package io.clicktype.batch.schema;

import io.clicktype.batch.TableColumn;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.encoding.RowBuffer;
import io.clicktype.batch.mapping.ClickHouseType;
import io.clicktype.batch.mapping.ClickHouseTypes;
import io.clicktype.batch.mapping.NativeLayouts;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a batch encoded for one {@link BatchSchema} needs to be sent into the table as it is now: nothing (every
 * column still has its type, up to {@code LowCardinality}), a conversion of its values to the table's wider types,
 * or a refusal naming each column that stops it. Columns the batch does not name are left to their defaults by the
 * insert's explicit column list, and the order of the table's columns does not matter for the same reason; so an
 * added column, a dropped column the batch does not write, and reordered columns all need nothing. The conversion
 * applies to RowBinary rows ({@link #convert}) or to a Native block ({@link #convertNative}, planned on first use).
 * Not thread-safe (its {@link SchemaGuard}'s lock).
 */
final class SchemaPlan {

    private final BatchSchema source;
    private final BatchSchema target;
    private final ValueConversion[] conversions;
    private final List<String> refusals;
    /** The same conversions for a Native block, per column, and each column's type as the new block declares it. */
    private NativeConversions.ColumnConversion[] columnConversions;
    private byte[][] wireTypes;

    private SchemaPlan(BatchSchema source, BatchSchema target, ValueConversion[] conversions, List<String> refusals) {
        this.source = source;
        this.target = target;
        this.conversions = conversions;
        this.refusals = refusals;
    }

    /** Compares the batch's columns with the table's. */
    static SchemaPlan of(TableRef table, BatchSchema batch, List<TableColumn> live) {
        Map<String, TableColumn> byName = new HashMap<>();
        for (TableColumn column : live) {
            byName.put(column.name(), column);
        }
        List<String> types = new ArrayList<>(batch.columns().size());
        List<String> refusals = new ArrayList<>();
        List<ClickHouseType[]> pairs = new ArrayList<>();
        boolean same = true;
        for (int i = 0; i < batch.columns().size(); i++) {
            String name = batch.columns().get(i);
            String old = batch.types().get(i);
            TableColumn now = byName.get(name);
            String quoted = TableRef.quote(name);
            if (now == null) {
                refusals.add("column " + quoted + " (" + old + ") is not in " + table + " (dropped, or not added yet), "
                        + "and the batch has values for it. To fix: ALTER TABLE " + table.quoted() + " ADD COLUMN "
                        + quoted + " " + old + ", or replay the batch without that column yourself");
                types.add(old);
                continue;
            }
            if (!now.insertable()) {
                refusals.add("column " + quoted + " of " + table + " is " + now.defaultKind() + " now and takes no "
                        + "values. To fix: ALTER TABLE " + table.quoted() + " MODIFY COLUMN " + quoted + " " + old);
                types.add(old);
                continue;
            }
            types.add(now.type());
            ClickHouseType from = ClickHouseTypes.parse(old);
            ClickHouseType to = ClickHouseTypes.parse(now.type());
            pairs.add(new ClickHouseType[] {from, to});
            if (!ValueConversions.stored(from).equals(ValueConversions.stored(to))) {
                same = false;
                try {
                    ValueConversions.plan(from, to);
                } catch (NotConvertibleException e) {
                    refusals.add("column " + quoted + " of " + table + " was " + old + " when the batch was encoded "
                            + "and is " + now.type() + " now (" + e.getMessage() + "). To fix: ALTER TABLE "
                            + table.quoted() + " MODIFY COLUMN " + quoted + " " + old + " to take the kept batch, "
                            + "or widen it to a type that holds every " + old + " value");
                }
            }
        }
        if (!refusals.isEmpty()) {
            return new SchemaPlan(batch, null, null, List.copyOf(refusals));
        }
        if (same) {
            // the bytes stay as they are; the types as the table spells them (a names-and-types header is compared
            // with exactly those): they differ only where the batch's were not read from the table (validation
            // off: a Java default String for a LowCardinality(String) column)
            BatchSchema spelled = new BatchSchema(batch.columns(), types);
            return new SchemaPlan(batch, spelled.equals(batch) ? batch : spelled, null, List.of());
        }
        ValueConversion[] conversions = new ValueConversion[pairs.size()];
        for (int i = 0; i < conversions.length; i++) {
            try {
                conversions[i] = ValueConversions.plan(pairs.get(i)[0], pairs.get(i)[1]);
            } catch (NotConvertibleException e) {
                // the same column could be compared above but not walked (e.g. a JSON column beside a widened one)
                return new SchemaPlan(batch, null, null, List.of("column " + TableRef.quote(batch.columns().get(i))
                        + " of " + table + ": " + e.getMessage() + ". To fix: ALTER TABLE " + table.quoted()
                        + " MODIFY COLUMN back to the types the batch was encoded for (" + batch.types() + ")"));
            }
        }
        return new SchemaPlan(batch, new BatchSchema(batch.columns(), types), conversions, List.of());
    }

    /**
     * Why a batch whose value did not fit its column's new type cannot be sent, in the words and with the fix of a
     * refusal by type ({@link #of}).
     */
    String refusal(TableRef table, ValueDoesNotFitException e) {
        int column = Math.max(0, e.column());
        String quoted = TableRef.quote(source.columns().get(column));
        String old = source.types().get(column);
        return "column " + quoted + " of " + table + " was " + old + " when the batch was encoded and is "
                + target.types().get(column) + " now (" + e.getMessage() + "). To fix: ALTER TABLE " + table.quoted()
                + " MODIFY COLUMN " + quoted + " " + old + " to take the kept batch, or widen it to a type that holds "
                + "every " + old + " value; with validation off, pin @ClickColumn(type = \""
                + target.types().get(column) + "\") on the record so that such a value is refused at insert, row by "
                + "row";
    }

    /** Why the batch cannot be sent into the table; empty when it can. */
    List<String> refusals() {
        return refusals;
    }

    /** Whether the batch's bytes fit the table as they are. */
    boolean unchanged() {
        return refusals.isEmpty() && conversions == null;
    }

    /** The columns and types the batch has once converted (or as it is). */
    BatchSchema target() {
        return target;
    }

    /**
     * Writes {@code rows} rows of {@code payload} converted to the table's types.
     *
     * @throws ArithmeticException when a value does not fit its new type (checked per value where needed)
     * @throws ArrayIndexOutOfBoundsException when the payload does not hold {@code rows} rows of the batch's types
     */
    void convert(byte[] payload, int length, int rows, RowBuffer out) {
        int pos = 0;
        for (int row = 0; row < rows; row++) {
            for (int column = 0; column < conversions.length; column++) {
                try {
                    pos = conversions[column].convert(payload, pos, out);
                } catch (ValueDoesNotFitException e) {
                    throw e.inColumn(column);
                }
            }
        }
        if (pos != length) {
            throw new ArrayIndexOutOfBoundsException("the batch's " + rows + " rows end at byte " + pos + " of "
                    + length);
        }
    }

    /**
     * Writes the Native block {@code payload} (of {@code rows} rows) converted to the table's types: the same columns
     * and names, each column's type the new one (as a Native block declares it, {@link NativeLayouts}) and its data
     * converted, so the server still checks every column's type against the table's as it inserts.
     *
     * @throws NotConvertibleException when a column's Native data cannot be converted here (the reason)
     * @throws ArithmeticException when a value does not fit its new type
     * @throws ArrayIndexOutOfBoundsException when the payload is not a block of {@code rows} rows of the batch's types
     */
    void convertNative(byte[] payload, int length, int rows, RowBuffer out) throws NotConvertibleException {
        if (columnConversions == null) {
            planNative();
        }
        int count = columnConversions.length;
        if (ValueConversions.varint(payload, 0) != count) {
            throw new ArrayIndexOutOfBoundsException("the Native block does not hold the batch's " + count
                    + " columns");
        }
        int pos = ValueConversions.varintEnd(payload, 0);
        if (ValueConversions.varint(payload, pos) != rows) {
            throw new ArrayIndexOutOfBoundsException("the Native block does not hold the batch's " + rows + " rows");
        }
        pos = ValueConversions.varintEnd(payload, pos);
        out.writeVarUInt(count);
        out.writeVarUInt(rows);
        for (int i = 0; i < count; i++) {
            int nameEnd = ValueConversions.varintEnd(payload, pos) + (int) ValueConversions.varint(payload, pos);
            out.writeBytes(payload, pos, nameEnd - pos);
            pos = ValueConversions.varintEnd(payload, nameEnd) + (int) ValueConversions.varint(payload, nameEnd);
            out.writeBytes(wireTypes[i], 0, wireTypes[i].length);
            try {
                pos = columnConversions[i].convert(payload, pos, rows, out);
            } catch (ValueDoesNotFitException e) {
                throw e.inColumn(i);
            }
        }
        if (pos != length) {
            throw new ArrayIndexOutOfBoundsException("the batch's Native block ends at byte " + pos + " of "
                    + length);
        }
    }

    private void planNative() throws NotConvertibleException {
        int count = source.columns().size();
        NativeConversions.ColumnConversion[] planned = new NativeConversions.ColumnConversion[count];
        byte[][] types = new byte[count][];
        for (int i = 0; i < count; i++) {
            String to = target.types().get(i);
            planned[i] = NativeConversions.plan(ClickHouseTypes.parse(source.types().get(i)),
                    ClickHouseTypes.parse(to));
            String wire;
            try {
                wire = NativeLayouts.of(to, true).wireType();
            } catch (IllegalArgumentException e) {
                throw new NotConvertibleException(e.getMessage());
            }
            byte[] utf8 = wire.getBytes(StandardCharsets.UTF_8);
            RowBuffer header = new RowBuffer(utf8.length + 5);
            header.writeVarUInt(utf8.length);
            header.writeBytes(utf8, 0, utf8.length);
            types[i] = Arrays.copyOf(header.array(), header.size());
        }
        wireTypes = types;
        columnConversions = planned;
    }
}
