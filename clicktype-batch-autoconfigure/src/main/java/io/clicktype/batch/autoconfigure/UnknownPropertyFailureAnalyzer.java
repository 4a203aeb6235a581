package io.clicktype.batch.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;

/**
 * Explains an unknown {@code clicktype.batch.*} key (bound with {@code ignoreUnknownFields = false}): each
 * key, where it was set, and the closest valid name. Ordered before Boot's own analyzer of unbound
 * properties, which would say only that the key was "left unbound".
 */
public class UnknownPropertyFailureAnalyzer implements FailureAnalyzer, Ordered {

    private static final ConfigurationPropertyName PREFIX = ConfigurationPropertyName.of(PropertyNames.PREFIX);
    private static final ConfigurationPropertyName TABLES = ConfigurationPropertyName.of(PropertyNames.PREFIX + ".tables");

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UnboundConfigurationPropertiesException unbound) {
                return analyze(unbound);
            }
        }
        return null;
    }

    private static FailureAnalysis analyze(UnboundConfigurationPropertiesException unbound) {
        List<String> names = PropertyNames.of(ClickTypeBatchProperties.class);
        StringBuilder description = new StringBuilder("Unknown clicktype-batch properties:\n");
        List<String> renames = new ArrayList<>();
        for (ConfigurationProperty property : unbound.getUnboundProperties()) {
            if (!PREFIX.isAncestorOf(property.getName())) {
                return null;
            }
            String name = property.getName().toString();
            String closest = closestValid(property.getName(), names);
            description.append("\n    ").append(name);
            if (property.getOrigin() != null) {
                description.append(" (set in ").append(property.getOrigin()).append(')');
            }
            description.append(": unknown; the closest valid property is ").append(closest);
            renames.add(name + " to " + closest);
        }
        String action = "Rename " + String.join(", ", renames) + ", or remove "
                + (renames.size() == 1 ? "it" : "them") + ". Every property is listed in docs/spring-boot.md and in "
                + "your IDE's completion (spring-configuration-metadata.json).";
        return new FailureAnalysis(description.toString(), action, unbound);
    }

    /** The valid name nearest {@code name}; under {@code tables.<table>}, among that table's properties. */
    static String closestValid(ConfigurationPropertyName name, List<String> names) {
        String table = TABLES.isAncestorOf(name) && name.getNumberOfElements() > 3
                ? name.getElement(3, ConfigurationPropertyName.Form.ORIGINAL) : null;
        List<String> candidates = new ArrayList<>(names.size());
        for (String candidate : names) {
            if (candidate.contains("*")) {
                if (table == null) {
                    continue;
                }
                candidate = candidate.replace("*", table);
            }
            candidates.add(candidate);
        }
        return ClosestName.closest(original(name), candidates);
    }

    private static String original(ConfigurationPropertyName name) {
        StringBuilder original = new StringBuilder();
        for (int i = 0; i < name.getNumberOfElements(); i++) {
            original.append(i == 0 ? "" : ".").append(name.getElement(i, ConfigurationPropertyName.Form.ORIGINAL));
        }
        return original.toString();
    }
}
