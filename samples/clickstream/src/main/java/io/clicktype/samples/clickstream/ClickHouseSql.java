package io.clicktype.samples.clickstream;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Plain SQL over ClickHouse's HTTP interface, for the sample's schema and its read-back of counts. */
@Component
public class ClickHouseSql {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String url;
    private final String user;
    private final String password;

    public ClickHouseSql(@Value("${clicktype.batch.clickhouse.url}") String url,
            @Value("${clicktype.batch.clickhouse.username:default}") String user,
            @Value("${clicktype.batch.clickhouse.password:}") String password) {
        this.url = url.split(",")[0].trim();
        this.user = user;
        this.password = password;
    }

    /** Runs one statement and returns the body. */
    public String execute(String database, String sql) {
        String target = url + "/?user=" + enc(user) + "&password=" + enc(password)
                + (database == null ? "" : "&database=" + enc(database));
        HttpRequest request = HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(sql)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("ClickHouse refused `" + sql + "`: " + response.body().trim());
            }
            return response.body();
        } catch (IOException e) {
            throw new Unreachable("ClickHouse at " + url + " is unreachable (" + e + "); the batcher keeps the "
                    + "rows and sends them when it is back", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** ClickHouse did not answer: a 503 for the caller ({@link IngestionErrors}), not a server error. */
    public static final class Unreachable extends IllegalStateException {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
