package io.clicktype.batch.autoconfigure;

import io.clicktype.batch.Batcher;
import io.clicktype.batch.DiskSpill;
import io.clicktype.batch.autoconfigure.endpoint.ClickTypeEndpoint;
import io.clicktype.batch.spi.ClickHouseTransport;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The {@code clicktype} actuator endpoint; expose it with {@code management.endpoints.web.exposure.include}. */
@AutoConfiguration(after = ClickTypeBatchAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(BatcherLifecycle.class)
public final class ClickTypeBatchEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint(endpoint = ClickTypeEndpoint.class)
    ClickTypeEndpoint clickTypeEndpoint(ObjectProvider<Batcher<?>> batchers,
            ObjectProvider<ClickHouseTransport> transport, ObjectProvider<DiskSpill> spill,
            ObjectProvider<ClickHouseConnectionDetails> connection) {
        return new ClickTypeEndpoint(batchers, transport, spill, connection);
    }
}
