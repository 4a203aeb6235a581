/**
 * Spring TestContext support: {@link io.clicktype.batch.test.spring.AutoConfigureClickHouse} connects the starter
 * of a Spring test to the test JVM's ClickHouse. Needs {@code spring-test} on the class path (an optional
 * dependency of this module).
 */
package io.clicktype.batch.test.spring;
