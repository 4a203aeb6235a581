package io.clicktype.batch.transport;

import com.clickhouse.client.api.Client;
import io.clicktype.batch.ConnectionConfig;
import io.clicktype.batch.TransportException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client-v2 {@link Client} per configured endpoint, and which one is in use.
 *
 * <p>client-v2 (0.10.0) fails over between endpoints only within its own retries, which
 * {@link ClientV2Factory} switches off (docs/transport.md says why), so failover happens here: requests go to the active endpoint; when it cannot be connected to at all (refused, no route,
 * unknown host, connect timeout) the same request goes to the next endpoint at once, which is safe
 * because the first one never saw it. Any other failure without a response (reset, socket timeout)
 * is thrown as retryable and makes the next endpoint active, so that the batcher's retry goes there.
 * Server errors leave the active endpoint unchanged. Thread-safe.
 */
final class EndpointClients implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointClients.class);

    /** A request made with one endpoint's client. */
    @FunctionalInterface
    interface Call<T> {
        T run(Client client) throws Exception;
    }

    private final List<Client> clients;
    private final List<String> names;
    private final Duration socketTimeout;
    private final AtomicInteger active = new AtomicInteger();

    EndpointClients(ConnectionConfig connection) {
        List<Client> built = new ArrayList<>();
        List<String> displayNames = new ArrayList<>();
        try {
            for (String endpoint : connection.endpoints()) {
                built.add(ClientV2Factory.create(connection, endpoint));
                displayNames.add(withoutUserInfo(endpoint));
            }
        } catch (RuntimeException e) {
            built.forEach(Client::close);
            throw e;
        }
        this.clients = List.copyOf(built);
        this.names = List.copyOf(displayNames);
        this.socketTimeout = connection.socketTimeout();
    }

    /**
     * Runs {@code call} on the active endpoint, failing over as described in the class comment.
     *
     * @param operation what is attempted, for messages, e.g. {@code insert into events}
     * @param table     the table concerned, for hints
     * @throws TransportException classified by {@link FailureClassifier}
     */
    <T> T call(String operation, String table, Call<T> call) {
        int first = active.get();
        int size = clients.size();
        for (int attempt = 0; ; attempt++) {
            int index = (first + attempt) % size;
            try {
                T result = call.run(clients.get(index));
                if (index != first && active.compareAndSet(first, index)) {
                    LOG.warn("ClickHouse endpoint {} is unreachable; using {} from now on", names.get(first),
                            names.get(index));
                }
                return result;
            } catch (Exception e) {
                TransportException failure = FailureClassifier.classify(operation, table, names.get(index),
                        socketTimeout, e);
                boolean another = attempt + 1 < size;
                if (another && FailureClassifier.requestNotSent(e)) {
                    LOG.debug("{} could not reach {}; trying the next endpoint", operation, names.get(index));
                    continue;
                }
                if (size > 1 && failure.retryable() && failure.httpStatus() == 0) {
                    int next = (index + 1) % size;
                    if (active.compareAndSet(first, next)) {
                        LOG.warn("ClickHouse endpoint {} failed ({}); the next attempt goes to {}",
                                names.get(index), e.getClass().getSimpleName(), names.get(next));
                    }
                }
                throw failure;
            }
        }
    }

    /** The endpoint requests currently go to, without credentials. */
    String activeEndpoint() {
        return names.get(active.get());
    }

    /** Closes every client; idempotent as far as client-v2 is. */
    @Override
    public void close() {
        for (Client client : clients) {
            client.close();
        }
    }

    /** {@code http://user:secret@host:8123} becomes {@code http://host:8123}: URLs end up in logs. */
    static String withoutUserInfo(String endpoint) {
        int scheme = endpoint.indexOf("://");
        int at = endpoint.indexOf('@', scheme + 3);
        int slash = endpoint.indexOf('/', scheme + 3);
        if (scheme < 0 || at < 0 || (slash >= 0 && slash < at)) {
            return endpoint;
        }
        return endpoint.substring(0, scheme + 3) + endpoint.substring(at + 1);
    }
}
