package io.clicktype.batch.autoconfigure;

import io.clicktype.batch.ClickTable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.Environment;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * Finds the {@code @ClickTable} types of an application: in {@code clicktype.batch.packages}, else the
 * packages of a {@link ClickTableScan}, else the auto-configuration packages (like Spring Data).
 * Sorted by class name, so bean registration is deterministic.
 */
final class ClickTableScanner {

    private final ConfigurableListableBeanFactory beanFactory;
    private final Environment environment;

    ClickTableScanner(ConfigurableListableBeanFactory beanFactory, Environment environment) {
        this.beanFactory = beanFactory;
        this.environment = environment;
    }

    List<Class<?>> scan() {
        ClassPathScanningCandidateComponentProvider provider = new ClassPathScanningCandidateComponentProvider(false,
                environment) {
            @Override
            protected boolean isCandidateComponent(
                    org.springframework.beans.factory.annotation.AnnotatedBeanDefinition definition) {
                return definition.getMetadata().isIndependent();
            }
        };
        provider.addIncludeFilter(new AnnotationTypeFilter(ClickTable.class));
        Set<String> names = new java.util.TreeSet<>();
        for (String basePackage : packages()) {
            for (BeanDefinition candidate : provider.findCandidateComponents(basePackage)) {
                names.add(candidate.getBeanClassName());
            }
        }
        List<Class<?>> types = new ArrayList<>();
        for (String name : names) {
            types.add(ClassUtils.resolveClassName(name, beanFactory.getBeanClassLoader()));
        }
        return types;
    }

    private Set<String> packages() {
        Set<String> packages = new LinkedHashSet<>();
        String[] configured = environment.getProperty("clicktype.batch.packages", String[].class, new String[0]);
        for (String p : configured) {
            if (!p.isBlank()) {
                packages.add(p.trim());
            }
        }
        if (!packages.isEmpty()) {
            return packages;
        }
        for (String beanName : beanFactory.getBeanNamesForAnnotation(ClickTableScan.class)) {
            ClickTableScan scan = beanFactory.findAnnotationOnBean(beanName, ClickTableScan.class);
            if (scan != null) {
                packages.addAll(List.of(scan.basePackages()));
                for (Class<?> type : scan.basePackageClasses()) {
                    packages.add(type.getPackageName());
                }
            }
        }
        if (packages.isEmpty() && AutoConfigurationPackages.has(beanFactory)) {
            packages.addAll(AutoConfigurationPackages.get(beanFactory));
        }
        return packages;
    }
}
