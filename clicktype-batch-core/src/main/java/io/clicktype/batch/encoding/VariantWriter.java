package io.clicktype.batch.encoding;

import java.util.List;

/**
 * Variant(T1, ..., Tn): one byte, the index of the member the value is (in the order ClickHouse prints the type,
 * which sorts the members by name), then the value as that member; 255 and nothing else for NULL (ClickHouse docs,
 * "RowBinary": Variant). The value's Java class picks the member: first a member whose natural class it is
 * ({@code Long} Int64, {@code Integer} Int32, {@code String} String, ...), else the first member, in the server's
 * order, that accepts the class and holds the value ({@code Long} 300 into Variant(String, UInt8, UInt16) is
 * UInt16). A value no member takes is rejected.
 */
public final class VariantWriter extends ValueWriter {

    private static final int NULL_DISCRIMINATOR = 255;

    private final ValueWriter[] members;
    private final Class<?>[] natural;
    private final Class<?>[][] accepted;

    /**
     * @param members  the writers of T1..Tn, in the server's order
     * @param natural  per member, the Java class that is that member's own (e.g. {@code Long} for Int64), or null
     * @param accepted per member, every Java class (or supertype) it can write
     */
    public VariantWriter(String type, List<ValueWriter> members, List<Class<?>> natural, List<List<Class<?>>> accepted) {
        super(type);
        this.members = members.toArray(new ValueWriter[0]);
        this.natural = natural.toArray(new Class<?>[0]);
        this.accepted = new Class<?>[accepted.size()][];
        for (int i = 0; i < this.accepted.length; i++) {
            this.accepted[i] = accepted.get(i).toArray(new Class<?>[0]);
        }
    }

    @Override
    public void check(Object value) {
        if (value != null) {
            member(value);
        }
    }

    @Override
    public void write(Object value, RowBuffer out) {
        if (value == null) {
            out.writeByte(NULL_DISCRIMINATOR);
        } else {
            writeNonNull(value, out);
        }
    }

    @Override
    protected void checkNonNull(Object value) {
        member(value);
    }

    @Override
    protected void writeNonNull(Object value, RowBuffer out) {
        int member = member(value);
        out.writeByte(member);
        members[member].write(value, out);
    }

    /** The index of the member that writes {@code value}; the value has been checked against it. */
    private int member(Object value) {
        Class<?> type = value.getClass();
        for (int i = 0; i < members.length; i++) {
            if (natural[i] == type && fits(i, value)) {
                return i;
            }
        }
        ValueRejectedException last = null;
        for (int i = 0; i < members.length; i++) {
            if (accepts(i, value)) {
                try {
                    members[i].check(value);
                    return i;
                } catch (ValueRejectedException e) {
                    last = e;
                }
            }
        }
        throw new ValueRejectedException("a `" + type.getSimpleName() + "` fits no member of " + type()
                + (last == null ? "" : " (" + last.getMessage() + ")") + "; send a value of a member's type or add a "
                + "member for it");
    }

    private boolean fits(int member, Object value) {
        try {
            members[member].check(value);
            return true;
        } catch (ValueRejectedException e) {
            return false;
        }
    }

    private boolean accepts(int member, Object value) {
        for (Class<?> c : accepted[member]) {
            if (c.isInstance(value)) {
                return true;
            }
        }
        return false;
    }
}
