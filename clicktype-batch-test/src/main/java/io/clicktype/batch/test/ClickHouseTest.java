package io.clicktype.batch.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against a real ClickHouse server: test constructors, lifecycle and test methods
 * may declare {@link ClickHouseServer} and {@link TestDatabase} parameters. The server is shared by the
 * JVM ({@link ClickHouseServers#shared()}); the database is fresh for each test class.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(ClickHouseExtension.class)
public @interface ClickHouseTest {
}
