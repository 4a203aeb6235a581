package io.clicktype.batch.spi;

import java.util.Map;
import java.util.Set;

/**
 * What a ClickHouse server is and can do, probed once per transport.
 *
 * @param version           version string as the server reports it, e.g. {@code 18.16.1}
 * @param supportedSettings names of the settings this library asked about that the server knows
 * @param supportedTypes    names of the data type families the server knows, e.g. {@code DateTime64}
 * @param timeZone          the server's time zone ({@code SELECT timezone()}, e.g. {@code Asia/Tokyo}), or
 *                          {@code null} when unknown
 * @param mergeTreeDefaults server defaults of the MergeTree settings this library asked about
 *                          ({@code system.merge_tree_settings}), e.g. {@code non_replicated_deduplication_window}
 *                          = {@code 0}
 * @param supportedFormats  the input formats this library may use that the server has, e.g.
 *                          {@code RowBinaryWithNamesAndTypes}
 */
public record ServerInfo(String version, Set<String> supportedSettings, Set<String> supportedTypes, String timeZone,
        Map<String, String> mergeTreeDefaults, Set<String> supportedFormats) {

    /**
     * The setting (ClickHouse 23.x on) whose presence means the server checks a Native block's column types against
     * the table's (with it at 0, a mismatch is refused rather than converted); older servers (18.16) store a
     * mismatched Native column unchecked. The one rule {@link #checksNativeTypes()} reads.
     */
    public static final String NATIVE_TYPES_CONVERSION = "input_format_native_allow_types_conversion";

    /** Copies the sets and the map. */
    public ServerInfo {
        supportedSettings = Set.copyOf(supportedSettings);
        supportedTypes = Set.copyOf(supportedTypes);
        mergeTreeDefaults = Map.copyOf(mergeTreeDefaults);
        supportedFormats = Set.copyOf(supportedFormats);
    }

    /** A server whose time zone, MergeTree defaults and formats are unknown. */
    public ServerInfo(String version, Set<String> supportedSettings, Set<String> supportedTypes) {
        this(version, supportedSettings, supportedTypes, null, Map.of(), Set.of());
    }

    /** Whether the server reads the input format, e.g. {@code RowBinaryWithNamesAndTypes}. */
    public boolean supportsFormat(String format) {
        return supportedFormats.contains(format);
    }

    /** Whether the server takes a per-insert deduplication token ({@code insert_deduplication_token}, 22.2+). */
    public boolean supportsDeduplicationToken() {
        return supportedSettings.contains("insert_deduplication_token");
    }

    /**
     * Whether the server checks a Native block's column types against the table's ({@link #NATIVE_TYPES_CONVERSION}):
     * only then may a batch be sent as Native.
     */
    public boolean checksNativeTypes() {
        return supportedSettings.contains(NATIVE_TYPES_CONVERSION);
    }

    /** Whether the server knows the setting, e.g. {@code async_insert}. */
    public boolean supportsSetting(String name) {
        return supportedSettings.contains(name);
    }

    /** Whether the server knows the type family, e.g. {@code DateTime64} or {@code Map}. */
    public boolean supportsType(String family) {
        return supportedTypes.contains(family);
    }
}
