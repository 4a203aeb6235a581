package io.clicktype.batch.encoding;

import java.util.List;

/**
 * The header of ClickHouse's {@code RowBinaryWithNamesAndTypes} format: the number of columns as an
 * unsigned LEB128 varint, then each column name, then each type, as RowBinary strings (varint length and
 * UTF-8 bytes). Source: ClickHouse docs, "Formats: RowBinaryWithNamesAndTypes". Built once per row type.
 */
public final class NamesAndTypesHeader {

    private NamesAndTypesHeader() {
    }

    /**
     * @param names column names, in payload order
     * @param types the ClickHouse type each column is encoded as, same order
     * @throws IllegalArgumentException when the lists differ in size
     */
    public static byte[] encode(List<String> names, List<String> types) {
        if (names.size() != types.size()) {
            throw new IllegalArgumentException(names.size() + " column names but " + types.size() + " types");
        }
        RowBuffer out = new RowBuffer(64);
        out.writeVarUInt(names.size());
        for (String name : names) {
            Utf8.writeWithLength(name, out);
        }
        for (String type : types) {
            Utf8.writeWithLength(type, out);
        }
        return java.util.Arrays.copyOf(out.array(), out.size());
    }
}
