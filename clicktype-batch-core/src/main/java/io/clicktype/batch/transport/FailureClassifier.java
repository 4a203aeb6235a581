package io.clicktype.batch.transport;

import com.clickhouse.client.api.ClientException;
import com.clickhouse.client.api.ClientMisconfigurationException;
import com.clickhouse.client.api.ConnectionInitiationException;
import com.clickhouse.client.api.DataTransferException;
import com.clickhouse.client.api.ServerException;
import io.clicktype.batch.TransportException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLPeerUnverifiedException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns whatever client-v2 threw into a {@link TransportException} whose {@code retryable} flag is true
 * only when sending the same request again can succeed, keeping the server's own text and adding what
 * the user should do.
 *
 * <p>Order of evidence: a ClickHouse error code (from the client, or parsed from the server's text
 * because ClickHouse before ~21 sends no {@code X-ClickHouse-Exception-Code} header and client-v2 then
 * reports code 0), then the HTTP status, then the kind of I/O failure when no response arrived.
 * Stateless and thread-safe. Public (within this internal package) only for {@link #requestNotSent}, which the
 * cluster transport's failover asks.
 */
public final class FailureClassifier {

    /** {@code Code: 60, e.displayText() = ...} (old servers) and {@code Code: 60. DB::Exception: ...} (new). */
    private static final Pattern SERVER_CODE = Pattern.compile("Code: (\\d{1,6})[.,]");
    private static final Pattern VIEW = Pattern.compile("while pushing to view ([^\\s(),]+)");
    private static final Pattern TRANSPORT_SUFFIX = Pattern.compile("\\s*\\(transport error: \\d+\\)");
    private static final int MAX_SERVER_TEXT = 2000;
    /** What client-v2 reports instead of the text when it cannot read an error response's body. */
    static final String UNREADABLE = "<Unreadable error message>";
    private static final String LOST_TEXT = "(the server's error text was lost";

    private FailureClassifier() {
    }

    /**
     * Classifies one failure.
     *
     * @param operation     what was attempted, for the message, e.g. {@code insert into events}
     * @param table         the table concerned, named in hints
     * @param endpoint      the endpoint URL the request went to
     * @param socketTimeout the configured read timeout, named when it elapsed
     * @param failure       what the client threw (wrappers such as {@link ExecutionException} are unwrapped)
     */
    static TransportException classify(String operation, String table, String endpoint, Duration socketTimeout,
            Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof TransportException transportException) {
            return transportException;
        }
        String prefix = operation + " failed at " + endpoint;
        Error jvmError = find(cause, Error.class);
        if (jvmError != null && find(cause, ServerException.class) == null) {
            // the JVM, not the server, failed (OutOfMemoryError while sending): nothing says the batch is bad
            return new TransportException(prefix + ": the JVM failed while sending (" + jvmError
                    + ") [retryable]. To fix: give the JVM more heap, or lower clicktype.batch.memory.max so the "
                    + "batchers keep within it.", true, 0, 0, cause);
        }
        if (cause instanceof ServerException server) {
            return fromServer(prefix, table, server.getCode(), server.getTransportProtocolCode(),
                    server.getMessage(), server);
        }
        if (cause instanceof ClientMisconfigurationException) {
            return new TransportException(prefix + ": " + cause.getMessage()
                    + " [not retryable]. To fix: correct the connection settings (TLS trust store, proxy).",
                    false, 0, 0, cause);
        }
        if (find(cause, CertificateException.class) != null || messageContains(cause, "PKIX")) {
            return new TransportException(prefix + ": the server's TLS certificate is not trusted ("
                    + rootMessage(cause) + ") [not retryable]. To fix: set the trust store of the connection "
                    + "to one that holds the server's CA certificate.", false, 0, 0, cause);
        }
        if (find(cause, SSLPeerUnverifiedException.class) != null) {
            return new TransportException(prefix + ": the server's TLS certificate is not for the host name of "
                    + endpoint + " (" + rootMessage(cause) + ") [not retryable]. To fix: connect by a host name the "
                    + "certificate lists (its subject alternative names), or have the server's certificate issued for "
                    + "this name; host name verification is not turned off.", false, 0, 0, cause);
        }
        if (cause instanceof ClientException && messageContains(cause, "502")) {
            return new TransportException(prefix + ": HTTP 502 Bad Gateway from a proxy in front of ClickHouse "
                    + "[retryable]. The batcher retries; check the proxy if it persists.", true, 0, 502, cause);
        }
        return fromIo(prefix, endpoint, socketTimeout, cause);
    }

    /**
     * Classifies a server's error response: by its ClickHouse code when known, else by HTTP status.
     *
     * @param code       the client's error code; 0 means "parse it from {@code serverText}"
     * @param httpStatus HTTP status of the response
     */
    static TransportException fromServer(String prefix, String table, int code, int httpStatus, String serverText,
            Throwable cause) {
        String text = cleanServerText(serverText);
        int effectiveCode = code > 0 ? code : parseServerCode(text);
        ServerErrorCode known = ServerErrorCode.of(effectiveCode, text);
        boolean retryable;
        String hint;
        String view = viewOf(text);
        if (view != null) {
            // the table stored the rows before its view failed: never retried, whatever the view's error was
            retryable = false;
            hint = "materialized view " + view + " of " + table + " failed on this batch (its error above); " + table
                    + " stored the rows, the view did not, and sending the batch again stores them in " + table
                    + " twice unless it drops the batch by its deduplication token. Fix the view's query (or the "
                    + "rows it cannot take); the batch is set aside, not retried or replayed (docs/delivery.md)";
        } else if (known != null) {
            retryable = known.retryable();
            hint = known.hint(table);
        } else {
            retryable = retryableStatus(httpStatus, effectiveCode > 0);
            hint = statusHint(httpStatus, retryable);
            if (retryable && httpStatus == 500 && text.startsWith(LOST_TEXT)) {
                hint = hint + ". Without the server's text an HTTP 500 can also mean rows that do not match the "
                        + "column types, which no retry fixes: compare the entity with DESCRIBE TABLE " + table
                        + " and read clickhouse-server.err.log";
            }
        }
        StringBuilder message = new StringBuilder(prefix).append(": HTTP ").append(httpStatus);
        if (effectiveCode > 0) {
            message.append(", ClickHouse error ").append(effectiveCode);
            if (known != null) {
                message.append(' ').append(known.name());
            }
        }
        message.append(retryable ? " [retryable]: " : " [not retryable]: ").append(text)
                .append(" To fix: ").append(hint).append('.');
        return new TransportException(message.toString(), retryable, effectiveCode, httpStatus, cause);
    }

    /** The view named by "while pushing to view db.view" in a server's text (18.16 and current), or {@code null}. */
    public static String viewOf(String text) {
        Matcher matcher = text == null ? null : VIEW.matcher(text);
        if (matcher == null || !matcher.find()) {
            return null;
        }
        String name = matcher.group(1);
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /** The first {@code Code: N} in a server's text, or 0 when there is none. */
    static int parseServerCode(String text) {
        if (text == null) {
            return 0;
        }
        Matcher matcher = SERVER_CODE.matcher(text);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
    }

    /**
     * Whether an HTTP status without a known ClickHouse code is worth retrying. A response that carries
     * an (unknown) ClickHouse code means the server processed and rejected the request, so only
     * gateway and throttling statuses are retried then.
     */
    static boolean retryableStatus(int httpStatus, boolean hasServerCode) {
        if (httpStatus == 408 || httpStatus == 429 || httpStatus == 502 || httpStatus == 503 || httpStatus == 504) {
            return true;
        }
        return !hasServerCode && httpStatus >= 500;
    }

    private static String statusHint(int httpStatus, boolean retryable) {
        if (httpStatus == 401) {
            return "check the username and password of the ClickHouse connection";
        }
        if (httpStatus == 403) {
            return "grant the connection's user the privileges it needs";
        }
        return retryable ? "the batcher retries; check the server's log if it persists"
                : "read the server's message above; retrying the same request cannot help";
    }

    private static TransportException fromIo(String prefix, String endpoint, Duration socketTimeout,
            Throwable cause) {
        boolean connecting = cause instanceof ConnectionInitiationException;
        if (find(cause, UnknownHostException.class) != null) {
            return io(prefix, "unknown host (" + rootMessage(cause) + ")",
                    "check the host name of endpoint " + endpoint + " and DNS", cause);
        }
        if (messageContains(cause, "503 Service Unavailable")) {
            // client-v2 0.10 reports a 503 as a ConnectException: the server (or a proxy) answered, busy.
            return new TransportException(prefix + ": HTTP 503 Service Unavailable (" + rootMessage(cause)
                    + ") [retryable]. The batcher retries; the server or a proxy in front of it is overloaded or "
                    + "restarting: check it if it persists.", true, 0, 503, cause);
        }
        if (waitedForPooledConnection(cause)) {
            // HttpClient 5's pool lease timed out: nothing was sent and the network was never asked
            return io(prefix, "waited connectTimeout for a pooled connection, but every connection of the client's "
                    + "pool was busy (" + rootMessage(cause) + ")", "give the client more connections than the "
                    + "batchers that send at once (clicktype.batch.clickhouse.max-connections, "
                    + "ConnectionConfig.maxConnections), or raise connectTimeout", cause);
        }
        if (find(cause, ConnectException.class) != null || find(cause, NoRouteToHostException.class) != null) {
            return io(prefix, "could not connect (" + rootMessage(cause) + ")",
                    "check that ClickHouse is running and listening at " + endpoint, cause);
        }
        if (find(cause, SocketTimeoutException.class) != null || find(cause, TimeoutException.class) != null) {
            if (connecting) {
                return io(prefix, "connect timed out (" + rootMessage(cause) + ")",
                        "check that " + endpoint + " is reachable, or raise connectTimeout", cause);
            }
            return io(prefix, "no response within socketTimeout " + socketTimeout,
                    "the server may still complete the request, so a retried insert can be duplicated unless "
                            + "it is deduplicated; raise socketTimeout if the server is just slow", cause);
        }
        if (connecting || cause instanceof DataTransferException || find(cause, IOException.class) != null) {
            // A server that requires a client certificate closes the connection of a client without one; under
            // TLS 1.3 the client sees that only as a reset on its first write.
            boolean tls = endpoint != null && endpoint.startsWith("https:");
            return io(prefix, "connection failed (" + rootMessage(cause) + ")",
                    "check the server and the network to " + endpoint + (tls ? "; over HTTPS this is also how a "
                            + "server that requires a client certificate (mutual TLS) refuses a client without an "
                            + "accepted one: set clientCertificatePath and clientKeyPath of the connection" : ""),
                    cause);
        }
        return new TransportException(prefix + ": unexpected client failure (" + cause
                + ") [not retryable]. To fix: report this with the stack trace.", false, 0, 0, cause);
    }

    /**
     * Whether the client gave up waiting to lease a connection from its pool: HttpClient 5 throws
     * {@code ConnectionRequestTimeoutException}, or a {@code DeadlineTimeoutException} ("Timeout deadline: ...") from
     * the pool's lease, matched by name so a shaded copy of HttpClient is recognised too.
     */
    static boolean waitedForPooledConnection(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String name = t.getClass().getSimpleName();
            if (name.equals("ConnectionRequestTimeoutException") || name.equals("DeadlineTimeoutException")) {
                return true;
            }
        }
        return false;
    }

    private static TransportException io(String prefix, String what, String hint, Throwable cause) {
        // only an insert is retried by the batcher; a query at start (describe table, server info) is not
        String retried = prefix.startsWith("insert") ? "retryable: inserts are retried" : "retryable";
        return new TransportException(prefix + ": " + what + " [" + retried + "]. To fix: " + hint + ".",
                true, 0, 0, cause);
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof ExecutionException || current instanceof CompletionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static boolean messageContains(Throwable failure, String text) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(text)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    /**
     * Whether the failure proves the request never reached the server (refused, no route, unknown
     * host, connect timeout), so that sending it to another endpoint at once cannot duplicate it.
     */
    public static boolean requestNotSent(Throwable failure) {
        Throwable cause = unwrap(failure);
        return find(cause, ConnectException.class) != null || find(cause, NoRouteToHostException.class) != null
                || find(cause, UnknownHostException.class) != null
                || (cause instanceof ConnectionInitiationException
                        && find(cause, SocketTimeoutException.class) != null);
    }

    /** One line, without the client's "(transport error: N)" suffix, bounded in length. */
    static String cleanServerText(String text) {
        if (text == null || text.isBlank()) {
            return "(no message from the server)";
        }
        if (text.contains(UNREADABLE)) {
            return LOST_TEXT + ": the response had no readable ClickHouse error, e.g. from a proxy in front of "
                    + "the server).";
        }
        String oneLine = TRANSPORT_SUFFIX.matcher(text).replaceAll("").replaceAll("\\s+", " ").trim();
        if (!oneLine.endsWith(".")) {
            oneLine = oneLine + ".";
        }
        return oneLine.length() > MAX_SERVER_TEXT ? oneLine.substring(0, MAX_SERVER_TEXT) + "..." : oneLine;
    }
}
