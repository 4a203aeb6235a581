package io.clicktype.batch.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy in front of a real server's HTTP interface that can lose the server's answer to an
 * {@code INSERT}: the request reaches the server and is executed, and once the server starts to answer
 * (so the insert has been done), the proxy closes the client's connection without passing a byte on. To
 * the client that is a connection lost mid-request, the ambiguity a retry with a deduplication token has
 * to survive. Everything else (queries, pings, later inserts) passes through unchanged.
 *
 * <p>Recognises an insert by {@code INSERT} in the request line (client-v2 and the JDBC driver send the
 * statement as the {@code query} URL parameter). One thread pair per connection; for tests only.
 */
public final class LostResponseProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final String targetHost;
    private final int targetPort;
    private final AtomicInteger toLose = new AtomicInteger();
    private final AtomicInteger lost = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private LostResponseProxy(ServerSocket listener, String targetHost, int targetPort) {
        this.listener = listener;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    /** Starts a proxy on a free loopback port in front of {@code server}'s HTTP interface. */
    public static LostResponseProxy start(ClickHouseServer server) {
        try {
            ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            LostResponseProxy proxy = new LostResponseProxy(listener, server.host(), server.httpPort());
            Thread acceptor = new Thread(proxy::accept, "lost-response-proxy-" + listener.getLocalPort());
            acceptor.setDaemon(true);
            acceptor.start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("could not open a proxy port", e);
        }
    }

    /** The proxy's HTTP base URL, to give the client under test instead of the server's. */
    public String url() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    /** Loses the answers to the next {@code count} inserts (each still executed by the server). */
    public void loseNextInsertResponses(int count) {
        toLose.addAndGet(count);
    }

    /** How many insert answers were lost so far. */
    public int lostResponses() {
        return lost.get();
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket socket : open) {
            closeQuietly(socket);
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(targetHost, targetPort);
                open.add(client);
                open.add(server);
                Connection connection = new Connection(client, server);
                start("up", connection::pumpRequests);
                start("down", connection::pumpResponses);
            } catch (IOException e) {
                if (!closed) {
                    // The target refused (e.g. stopped by the test): the client's connection just closes.
                    continue;
                }
                return;
            }
        }
    }

    private static void start(String direction, Runnable pump) {
        Thread thread = new Thread(pump, "lost-response-proxy-" + direction);
        thread.setDaemon(true);
        thread.start();
    }

    private final class Connection {
        private final Socket client;
        private final Socket server;
        /** Set when the request now in flight is an insert whose answer is to be lost. */
        private volatile boolean loseAnswer;

        Connection(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void pumpRequests() {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = client.getInputStream(); OutputStream out = server.getOutputStream()) {
                boolean first = true;
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    // HTTP/1.1 clients do not pipeline: data after an answer began is the next request's line.
                    boolean requestStart = first || answered;
                    first = false;
                    answered = false;
                    if (requestStart) {
                        loseAnswer = isInsert(buffer, n) && takeOne();
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // a side closed: done
            } finally {
                shut();
            }
        }

        /** Set by the answering side before it passes the first byte of an answer on. */
        private volatile boolean answered;

        void pumpResponses() {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = server.getInputStream(); OutputStream out = client.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    if (loseAnswer) {
                        lost.incrementAndGet();
                        return;
                    }
                    answered = true;
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // a side closed: done
            } finally {
                shut();
            }
        }

        private boolean takeOne() {
            return toLose.getAndUpdate(left -> left > 0 ? left - 1 : 0) > 0;
        }

        private void shut() {
            closeQuietly(client);
            closeQuietly(server);
            open.remove(client);
            open.remove(server);
        }
    }

    private static boolean isInsert(byte[] buffer, int length) {
        int lineEnd = 0;
        while (lineEnd < length && buffer[lineEnd] != '\n') {
            lineEnd++;
        }
        String requestLine = new String(buffer, 0, lineEnd, StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
        return requestLine.contains("INSERT");
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
