package io.clicktype.batch.autoconfigure;

import io.clicktype.batch.autoconfigure.observation.FlushObservations;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * One Observation per flush ({@link FlushObservations}) when the application has an
 * {@link ObservationRegistry} (Boot's observation auto-configuration, e.g. with Actuator and a tracer). Runs
 * before the main auto-configuration so that the listener exists when batchers are built.
 */
@AutoConfiguration(before = ClickTypeBatchAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean(ObservationRegistry.class)
@ConditionalOnBooleanProperty(name = "clicktype.batch.enabled", matchIfMissing = true)
public final class ClickTypeBatchObservationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    FlushObservations clickTypeBatchFlushObservations(ObservationRegistry registry) {
        return new FlushObservations(registry);
    }
}
