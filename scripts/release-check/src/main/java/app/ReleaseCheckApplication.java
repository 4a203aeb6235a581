package app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The smallest application using the starter. */
@SpringBootApplication
public class ReleaseCheckApplication {

    public static void main(String[] args) {
        SpringApplication.run(ReleaseCheckApplication.class, args);
    }
}
