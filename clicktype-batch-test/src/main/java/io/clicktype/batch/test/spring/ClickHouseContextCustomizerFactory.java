package io.clicktype.batch.test.spring;

import java.util.List;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Gives test classes annotated {@link AutoConfigureClickHouse} the {@link ClickHouseContextCustomizer}. Registered
 * in {@code META-INF/spring.factories}, which only Spring's TestContext framework reads.
 */
public class ClickHouseContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        return TestContextAnnotationUtils.hasAnnotation(testClass, AutoConfigureClickHouse.class)
                ? new ClickHouseContextCustomizer() : null;
    }
}
