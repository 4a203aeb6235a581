package io.clicktype.batch.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the packages to scan for {@code @ClickTable} types, instead of the application's own packages
 * (those of the {@code @SpringBootApplication} class). {@code clicktype.batch.packages} wins over it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ClickTableScan {

    /** Base packages to scan. */
    String[] basePackages() default {};

    /** Classes whose packages are scanned; type-safe alternative to {@link #basePackages()}. */
    Class<?>[] basePackageClasses() default {};
}
