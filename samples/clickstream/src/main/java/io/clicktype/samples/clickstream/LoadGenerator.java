package io.clicktype.samples.clickstream;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Drives a running sample: {@code LoadGenerator [baseUrl] [requests] [eventsPerRequest]}
 * (defaults http://localhost:8080, 1000, 100). Prints the rate, flushes the table through the actuator endpoint, and
 * prints the server's /stats, which then count every event sent.
 */
public final class LoadGenerator {

    private LoadGenerator() {
    }

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://localhost:8080";
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int perRequest = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        HttpClient http = HttpClient.newHttpClient();
        String[] countries = {"DE", "FR", "US", "JP", "BR"};
        long start = System.nanoTime();
        for (int r = 0; r < requests; r++) {
            StringBuilder body = new StringBuilder("[");
            for (int i = 0; i < perRequest; i++) {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                body.append(i == 0 ? "" : ",").append("{\"ts\":\"").append(Instant.now()).append("\",\"url\":\"/p/")
                        .append(random.nextInt(1000)).append("\",\"userId\":").append(random.nextInt(100_000))
                        .append(",\"country\":\"").append(countries[random.nextInt(countries.length)])
                        .append("\",\"durationMs\":").append(random.nextInt(10_000)).append('}');
            }
            body.append(']');
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/events"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 202) {
                System.err.println("HTTP " + response.statusCode() + ": " + response.body());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%d events in %.1f s (%.0f events/s)%n", (long) requests * perRequest, seconds,
                requests * perRequest / seconds);
        // The last rows may still wait for maxWait in the batcher: flush (the actuator endpoint waits for ClickHouse's
        // acknowledgement) so that /stats below counts every event sent.
        HttpResponse<String> flushed = http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/clicktype/page_views"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (flushed.statusCode() != 200) {
            System.err.println("flush: HTTP " + flushed.statusCode() + " (is the clicktype endpoint exposed?); /stats may "
                    + "not count the last rows yet");
        }
        System.out.println(http.send(HttpRequest.newBuilder(URI.create(base + "/stats")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }
}
