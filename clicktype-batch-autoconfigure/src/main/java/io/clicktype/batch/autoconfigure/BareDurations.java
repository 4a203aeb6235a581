package io.clicktype.batch.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * Warns at start about a {@code clicktype.batch.*} duration written as a bare number under 1 000: Boot reads a number
 * without a unit as milliseconds, so {@code max-wait: 2} is 2 ms, not 2 s, and a batcher configured so makes the small
 * inserts it exists to avoid. The value still binds as Boot says; the line names the property and the fix
 * ({@code 2s}). Start-up only; reads the property sources as written, before conversion.
 */
final class BareDurations {

    private static final Logger LOG = LoggerFactory.getLogger(BareDurations.class);
    /** A number without a unit: what Boot's {@code DurationStyle} reads as milliseconds. */
    private static final Pattern BARE = Pattern.compile("\\s*\\d+\\s*");
    private static final ConfigurationPropertyName PREFIX = ConfigurationPropertyName.of(PropertyNames.PREFIX);

    private BareDurations() {
    }

    /** The bare durations under 1 000 in {@code environment}, name to value as written; logs a WARN for each. */
    static Map<String, String> warn(Environment environment) {
        Set<String> durations = PropertyNames.durationLeaves(ClickTypeBatchProperties.class);
        Map<String, String> found = new LinkedHashMap<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable)) {
                continue;
            }
            iterable.stream().filter(PREFIX::isAncestorOf).forEach(name -> {
                String leaf = name.getLastElement(ConfigurationPropertyName.Form.DASHED);
                ConfigurationProperty property = source.getConfigurationProperty(name);
                Object value = property == null ? null : property.getValue();
                if (durations.contains(leaf) && value != null && BARE.matcher(value.toString()).matches()
                        && Long.parseLong(value.toString().trim()) < 1000) {
                    found.putIfAbsent(name.toString(), value.toString().trim());
                }
            });
        }
        found.forEach((name, value) -> LOG.warn("{}={} is read as {} ms: a duration without a unit is milliseconds. "
                + "Write {}s if you meant seconds, or {}ms to keep milliseconds and silence this line", name, value,
                value, value, value));
        return found;
    }
}
