package io.clicktype.batch.test;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Runs SQL over ClickHouse's HTTP interface with the JDK's HTTP client: works the same on 18.16 and on
 * current servers (no compression, credentials as URL parameters, results as plain text).
 */
final class HttpSql {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private final String baseUrl;
    private final String username;
    private final String password;

    HttpSql(String baseUrl, String username, String password) {
        this.baseUrl = baseUrl;
        this.username = username;
        this.password = password;
    }

    /** Runs {@code sql} with {@code database} as the default database; returns the body. */
    String execute(String database, String sql) {
        return send(database, sql, null, HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8));
    }

    /**
     * Runs {@code insert} (an {@code INSERT ... FORMAT f}, in the URL) with {@code data} as its input, sent as it is.
     */
    String insert(String database, String insert, byte[] data) {
        return send(database, insert, insert, HttpRequest.BodyPublishers.ofByteArray(data));
    }

    private String send(String database, String sql, String queryParameter, HttpRequest.BodyPublisher body) {
        String url = baseUrl + "/?user=" + encode(username) + "&password=" + encode(password)
                + (database == null ? "" : "&database=" + encode(database))
                + (queryParameter == null ? "" : "&query=" + encode(queryParameter));
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .POST(body)
                .build();
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("ClickHouse at " + baseUrl + " refused `" + abbreviate(sql) + "` (HTTP "
                        + response.statusCode() + "): " + response.body().trim());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("ClickHouse at " + baseUrl + " is unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for ClickHouse at " + baseUrl, e);
        }
    }

    /** Whether {@code GET /ping} answers {@code Ok.} within a second. */
    static boolean ping(String baseUrl) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/ping"))
                .timeout(Duration.ofSeconds(1)).GET().build();
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().startsWith("Ok.");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String sql) {
        String flat = sql.replaceAll("\\s+", " ").trim();
        return flat.length() <= 200 ? flat : flat.substring(0, 200) + "...";
    }
}
