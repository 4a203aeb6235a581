package io.clicktype.samples.minimal;

import io.clicktype.batch.BatcherHandle;
import io.clicktype.batch.ClickTable;
import java.time.Instant;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** Annotate a record, inject its handle, insert: all a user needs, with only the starter on the classpath. */
@SpringBootApplication
public class MinimalApplication {

    /** A row of table {@code heartbeats}. */
    @ClickTable("heartbeats")
    public record Heartbeat(Instant ts, String host, long sequence) {
    }

    public static void main(String[] args) {
        SpringApplication.run(MinimalApplication.class, args);
    }

    @Bean
    CommandLineRunner beat(BatcherHandle<Heartbeat> heartbeats) {
        return args -> {
            for (int i = 0; i < 1_000; i++) {
                heartbeats.insert(new Heartbeat(Instant.now(), "minimal", i));
            }
        };
    }
}
