package io.clicktype.batch.autoconfigure.health;

import io.clicktype.batch.spi.ClickHouseTransport;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Whether ClickHouse answers right now: one {@link ClickHouseTransport#ping()} per health check, however
 * many tables there are. DOWN with the transport's message (never credentials) when it does not.
 */
public class ServerHealthIndicator implements HealthIndicator {

    private final ClickHouseTransport transport;

    public ServerHealthIndicator(ClickHouseTransport transport) {
        this.transport = transport;
    }

    @Override
    public Health health() {
        try {
            transport.ping();
            return Health.up().build();
        } catch (RuntimeException e) {
            return Health.down().withDetail("reason", "ClickHouse cannot be queried: " + e.getMessage()).build();
        }
    }
}
