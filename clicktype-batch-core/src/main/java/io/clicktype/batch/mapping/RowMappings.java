package io.clicktype.batch.mapping;

import io.clicktype.batch.ClickTable;
import io.clicktype.batch.TableColumn;
import io.clicktype.batch.TableRef;
import java.util.List;
import java.util.Set;

/**
 * Builds the {@link RowMapping} of a {@code @ClickTable} type, once per type at start.
 *
 * <p>Each column's ClickHouse type is, in order of priority: the {@code @ClickColumn(type)} pin,
 * the live table column's type, the Java type's default (see docs/types.md). Accessors are
 * generated once (LambdaMetafactory); encoding a row uses no reflection. Thread-safe; may be
 * called concurrently for different types.
 */
public final class RowMappings {

    private RowMappings() {
    }

    /**
     * The table a {@code @ClickTable} type writes to.
     *
     * @throws IllegalArgumentException when the type is not annotated or the name is invalid
     */
    public static TableRef tableOf(Class<?> rowType) {
        return TableRef.forRowType(rowType);
    }

    /**
     * Maps a row type onto the live table's columns (or onto Java defaults and pinned types when
     * {@code liveColumns} is {@code null}, i.e. validation is off), and lists every mismatch.
     *
     * <p>A mismatch does not stop the mapping: the encoder then writes what the Java side says
     * (or rejects every row for a column that cannot be written at all), and the caller decides
     * by its {@code ValidationMode} whether to start.
     *
     * @throws IllegalArgumentException when the type is not a {@code @ClickTable}, maps a column
     *                                  twice, or has a component no ClickHouse type fits (e.g. a
     *                                  BigDecimal with neither pin nor live column)
     */
    public static <T> RowMapping<T> create(Class<T> rowType, List<TableColumn> liveColumns) {
        return create(rowType, liveColumns, null);
    }

    /**
     * As {@link #create(Class, List)}, with the server's type families ({@code ServerInfo.supportedTypes()})
     * so that a mismatch suggests only column types this server accepts.
     *
     * @param serverTypes the server's data type families, or {@code null} when unknown
     */
    public static <T> RowMapping<T> create(Class<T> rowType, List<TableColumn> liveColumns, Set<String> serverTypes) {
        return create(rowType, liveColumns, serverTypes, null);
    }

    /**
     * As {@link #create(Class, List, Set)}, with the server's time zone ({@code SELECT timezone()}): a
     * {@code LocalDateTime} for a DateTime/DateTime64 column without a zone of its own is read in it, as the
     * server and every ClickHouse tool read the same wall-clock text; never in the JVM's zone.
     *
     * @param serverTimeZone an IANA zone id, or {@code null} for UTC
     */
    public static <T> RowMapping<T> create(Class<T> rowType, List<TableColumn> liveColumns, Set<String> serverTypes,
            String serverTimeZone) {
        return new RowMapper(tableOf(rowType), rowType, liveColumns, serverTypes, serverTimeZone).map();
    }
}
