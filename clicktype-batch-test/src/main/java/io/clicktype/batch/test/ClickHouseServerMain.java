package io.clicktype.batch.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Resolves a server exactly as the tests do, prints {@code CLICKHOUSE_URL=<url>} and keeps it (and a
 * started local server) running until this process is stopped. Used by the README's quick start, the demo and the
 * benchmarks. To try an outage, type {@code stop} (the server is killed as a crash would) and {@code start} (it comes
 * back on the same port with the same data); {@code quit} or Ctrl-C stops it and deletes its directory.
 */
public final class ClickHouseServerMain {

    private ClickHouseServerMain() {
    }

    /** Entry point; takes no arguments. Reads commands from standard input while there is one. */
    public static void main(String[] args) throws InterruptedException, IOException {
        ClickHouseServer server = ClickHouseServers.shared();
        System.out.println("CLICKHOUSE_URL=" + server.httpUrl());
        System.out.println("CLICKHOUSE_TCP_PORT=" + server.nativePort());
        System.out.println("CLICKHOUSE_VERSION=" + server.version());
        if (server.canRestart()) {
            System.out.println("Type stop (kill it, as a crash would), start (same port, same data) or quit.");
        }
        System.out.flush();
        BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = input.readLine(); line != null; line = input.readLine()) {
            if (!command(server, line.trim().toLowerCase(Locale.ROOT))) {
                return;
            }
        }
        // No (more) standard input, e.g. started in the background: run until stopped.
        new CountDownLatch(1).await();
    }

    /** Runs one command; {@code false} to quit. */
    private static boolean command(ClickHouseServer server, String command) {
        switch (command) {
            case "quit", "exit" -> {
                return false;
            }
            case "stop", "start" -> {
                if (!server.canRestart()) {
                    System.out.println("This server (" + server.source() + ") was not started here, so it cannot be "
                            + "stopped or started from here.");
                } else if (command.equals("stop")) {
                    server.stop();
                    System.out.println("Stopped: " + server.httpUrl() + " refuses connections. Type start to bring it back.");
                } else {
                    server.start();
                    System.out.println("Started again at " + server.httpUrl() + ", with its data.");
                }
            }
            case "" -> { }
            default -> System.out.println("Unknown command '" + command + "': stop, start or quit.");
        }
        System.out.flush();
        return true;
    }
}
