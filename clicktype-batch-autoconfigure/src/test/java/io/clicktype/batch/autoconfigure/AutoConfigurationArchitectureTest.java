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
            ClickTypeBatchEndpointAutoConfiguration.class);

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
}
