package io.clicktype.batch.autoconfigure;

import io.clicktype.batch.autoconfigure.endpoint.ClickTypeSanitizingFunction;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Masks ClickHouse passwords, and the user info of ClickHouse urls, in the {@code configprops} and {@code env}
 * actuator endpoints, also when they are set to show values (docs/security.md).
 */
@AutoConfiguration
@ConditionalOnClass(SanitizingFunction.class)
public final class ClickTypeBatchSanitizingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ClickTypeSanitizingFunction clickTypeSanitizingFunction() {
        return new ClickTypeSanitizingFunction();
    }
}
