package io.clicktype.batch.transport;

import com.clickhouse.client.api.Client;
import io.clicktype.batch.ConnectionConfig;
import io.clicktype.batch.TransportException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * Server errors leave the active endpoint unchanged. The mechanism is the one {@link ReplicaSet} a cluster's
 * replicas fail over with, in its sticky form. Thread-safe. Public only for {@link #withoutUserInfo}, which the
 * cluster transport uses for its log lines.
 */
public final class EndpointClients implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointClients.class);

    /** A request made with one endpoint's client. */
    @FunctionalInterface
    interface Call<T> {
        T run(Client client) throws Exception;
    }

    /** One endpoint's client and its name without credentials. */
    private record Endpoint(Client client, String name) {
    }

    private final ReplicaSet<Endpoint> endpoints;
    private final Duration socketTimeout;

    EndpointClients(ConnectionConfig connection) {
        List<Endpoint> built = new ArrayList<>();
        try {
            for (String endpoint : connection.endpoints()) {
                built.add(new Endpoint(ClientV2Factory.create(connection, endpoint), withoutUserInfo(endpoint)));
            }
        } catch (RuntimeException e) {
            built.forEach(endpoint -> endpoint.client().close());
            throw e;
        }
        this.endpoints = ReplicaSet.sticky(built);
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
        return endpoints.call(endpoint -> call.run(endpoint.client()), (endpoint, e, anotherLeft) -> {
            TransportException failure = FailureClassifier.classify(operation, table, endpoint.name(), socketTimeout,
                    e);
            if (anotherLeft && FailureClassifier.requestNotSent(e)) {
                LOG.debug("{} could not reach {}; trying the next endpoint", operation, endpoint.name());
                return new ReplicaSet.Verdict(failure, ReplicaSet.Next.TRY_NEXT);
            }
            // No response at all: the next attempt (the batcher's retry) goes to the next endpoint.
            boolean noResponse = failure.retryable() && failure.httpStatus() == 0;
            return new ReplicaSet.Verdict(failure,
                    noResponse ? ReplicaSet.Next.FAIL_AND_MOVE_ON : ReplicaSet.Next.FAIL);
        }, EndpointClients::switched);
    }

    private static void switched(Endpoint from, Endpoint to, Exception cause) {
        if (cause == null) {
            LOG.warn("ClickHouse endpoint {} is unreachable; using {} from now on", from.name(), to.name());
        } else {
            LOG.warn("ClickHouse endpoint {} failed ({}); the next attempt goes to {}", from.name(),
                    cause.getClass().getSimpleName(), to.name());
        }
    }

    /** The endpoint requests currently go to, without credentials. */
    String activeEndpoint() {
        return endpoints.current().name();
    }

    /** Closes every client; idempotent as far as client-v2 is. */
    @Override
    public void close() {
        for (Endpoint endpoint : endpoints.members()) {
            endpoint.client().close();
        }
    }

    /** {@code http://user:secret@host:8123} becomes {@code http://host:8123}: URLs end up in logs. */
    public static String withoutUserInfo(String endpoint) {
        int scheme = endpoint.indexOf("://");
        int at = endpoint.indexOf('@', scheme + 3);
        int slash = endpoint.indexOf('/', scheme + 3);
        if (scheme < 0 || at < 0 || (slash >= 0 && slash < at)) {
            return endpoint;
        }
        return endpoint.substring(0, scheme + 3) + endpoint.substring(at + 1);
    }
}
