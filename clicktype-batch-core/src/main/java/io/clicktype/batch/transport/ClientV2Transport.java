package io.clicktype.batch.transport;

import io.clicktype.batch.ClickHouseTransport;
import io.clicktype.batch.ConnectionConfig;

/**
 * {@link ClickHouseTransport} on the official ClickHouse Java client (client-v2).
 */
public final class ClientV2Transport {

    // Implementation: transport helper. Replace this placeholder with the real class.

    private ClientV2Transport() {
    }

    /** Creates a transport for the connection. */
    public static ClickHouseTransport create(ConnectionConfig connection) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
