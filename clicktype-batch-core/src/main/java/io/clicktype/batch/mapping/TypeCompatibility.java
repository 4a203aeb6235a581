package io.clicktype.batch.mapping;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether two ClickHouse types have the same RowBinary layout, so that a pinned type may differ
 * from the live column's: LowCardinality is transparent, Bool is a UInt8, and a DateTime's
 * timezone only changes how a LocalDateTime is read, not the bytes.
 */
final class TypeCompatibility {

    private TypeCompatibility() {
    }

    static boolean sameWire(ClickHouseType a, ClickHouseType b) {
        return wire(a).equals(wire(b));
    }

    private static ClickHouseType wire(ClickHouseType type) {
        ClickHouseType t = type.withoutLowCardinality().named(null);
        if (t.is("Bool")) {
            return ClickHouseType.simple("UInt8");
        }
        if (t.is("DateTime")) {
            return ClickHouseType.simple("DateTime");
        }
        if (t.is("DateTime64")) {
            return new ClickHouseType("DateTime64", List.of(), List.of(t.args().get(0)), null);
        }
        if (t.children().isEmpty()) {
            return t;
        }
        List<ClickHouseType> children = new ArrayList<>();
        for (ClickHouseType child : t.children()) {
            children.add(wire(child));
        }
        return new ClickHouseType(t.family(), children, t.args(), null);
    }
}
