package io.clicktype.batch.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** A user's own bean always wins: every bean of ours backs off (the static registrar registers nothing of a user's). */
class AutoConfigurationArchitectureTest {

    private static final List<Class<?>> AUTO_CONFIGURATIONS = List.of(ClickTypeBatchAutoConfiguration.class,
            ClickTypeBatchMetricsAutoConfiguration.class, ClickTypeBatchHealthAutoConfiguration.class,
            ClickTypeBatchEndpointAutoConfiguration.class, ClickTypeBatchObservationAutoConfiguration.class,
            ClickTypeBatchSanitizingAutoConfiguration.class);

    @Test
    void everyBeanMethodBacksOffForAUsersBean() {
        List<String> missing = new ArrayList<>();
        for (Class<?> configuration : AUTO_CONFIGURATIONS) {
            assertThat(Modifier.isFinal(configuration.getModifiers())).as(configuration + " is final").isTrue();
            for (Method method : configuration.getDeclaredMethods()) {
                boolean registrar = Modifier.isStatic(method.getModifiers());
                if (method.isAnnotationPresent(Bean.class) && !registrar
                        && !method.isAnnotationPresent(ConditionalOnMissingBean.class)) {
                    missing.add(configuration.getSimpleName() + "." + method.getName());
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void everyAutoConfigurationIsRegistered() throws Exception {
        String imports = new String(getClass().getResourceAsStream(
                "/META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports").readAllBytes());
        for (Class<?> configuration : AUTO_CONFIGURATIONS) {
            assertThat(imports).contains(configuration.getName());
        }
    }

    /**
     * The starter uses the core through its public API only ({@code io.clicktype.batch}): the internal packages
     * may change without notice, and what the starter needs from them belongs in the API.
     */
    @Test
    void theStarterImportsNoInternalPackageOfTheCore() throws Exception {
        List<String> offenders = new ArrayList<>();
        java.nio.file.Path sources = java.nio.file.Path.of("src/main/java");
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(sources)) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                for (String line : java.nio.file.Files.readAllLines(file)) {
                    if (line.matches("import (static )?io\\.clicktype\\.batch\\.(engine|encoding|mapping|transport|spill)\\..*")) {
                        offenders.add(sources.relativize(file) + ": " + line);
                    }
                }
            }
        }
        assertThat(offenders).isEmpty();
    }
}
