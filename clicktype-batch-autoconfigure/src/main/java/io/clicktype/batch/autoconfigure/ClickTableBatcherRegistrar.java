package io.clicktype.batch.autoconfigure;

import io.clicktype.batch.Batcher;
import io.clicktype.batch.BatcherHandle;
import io.clicktype.batch.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.RuntimeBeanReference;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.Environment;

/**
 * Registers, for every {@code @ClickTable} type found by {@link ClickTableScanner}, a {@code Batcher<T>}
 * bean named {@code <table>Batcher} and a {@code BatcherHandle<T>} bean named {@code <table>BatcherHandle}
 * (table in lower camel case), both with full generic type information so that
 * {@code @Autowired BatcherHandle<PageView>} resolves by type among several tables. Names the
 * application already defines are left alone.
 */
final class ClickTableBatcherRegistrar implements BeanDefinitionRegistryPostProcessor, EnvironmentAware,
        BeanFactoryInitializationAotProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(ClickTableBatcherRegistrar.class);

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        if (!(registry instanceof ConfigurableListableBeanFactory beanFactory)) {
            return;
        }
        List<Class<?>> rowTypes = new ClickTableScanner(beanFactory, environment).scan();
        checkTableOverrides(rowTypes);
        for (Class<?> rowType : rowTypes) {
            register(registry, rowType);
        }
    }

    /**
     * Fails when {@code clicktype.batch.tables.<table>} names no table found, as its overrides would
     * otherwise apply to nothing; bound as Boot binds the properties, so the keys are the same.
     */
    private void checkTableOverrides(List<Class<?>> rowTypes) {
        Set<String> configured = Binder.get(environment)
                .bind("clicktype.batch.tables", Bindable.mapOf(String.class, ClickTypeBatchProperties.TableProperties.class))
                .map(Map::keySet).orElse(Set.of());
        Set<String> known = new TreeSet<>();
        for (Class<?> rowType : rowTypes) {
            known.add(TableRef.forRowType(rowType).table());
        }
        for (String table : configured) {
            if (!known.contains(table)) {
                throw new UnknownTableException(table, new ArrayList<>(known));
            }
        }
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    }

    /** Under Spring AOT: the reflection and resource hints of the {@code @ClickTable} types found. */
    @Override
    public BeanFactoryInitializationAotContribution processAheadOfTime(ConfigurableListableBeanFactory beanFactory) {
        return new ClickTableRuntimeHints(new ClickTableScanner(beanFactory, environment).scan());
    }

    private static void register(BeanDefinitionRegistry registry, Class<?> rowType) {
        TableRef table = TableRef.forRowType(rowType);
        String base = beanNameBase(table);
        String batcherName = base + "Batcher";
        String handleName = base + "BatcherHandle";
        if (!registry.containsBeanDefinition(batcherName)) {
            RootBeanDefinition batcher = new RootBeanDefinition(ClickTableBeans.class);
            batcher.setFactoryMethodName("batcher");
            batcher.setAutowireMode(AbstractBeanDefinition.AUTOWIRE_CONSTRUCTOR);
            batcher.getConstructorArgumentValues().addIndexedArgumentValue(0, rowType);
            batcher.setTargetType(ResolvableType.forClassWithGenerics(Batcher.class, rowType));
            batcher.setDestroyMethodName("close");
            registry.registerBeanDefinition(batcherName, batcher);
        }
        if (!registry.containsBeanDefinition(handleName)) {
            RootBeanDefinition handle = new RootBeanDefinition(ClickTableBeans.class);
            handle.setFactoryMethodName("handle");
            handle.getConstructorArgumentValues().addIndexedArgumentValue(0, new RuntimeBeanReference(batcherName));
            handle.setTargetType(ResolvableType.forClassWithGenerics(BatcherHandle.class, rowType));
            registry.registerBeanDefinition(handleName, handle);
        }
        LOG.debug("Registered {} and {} for {} ({})", batcherName, handleName, rowType.getName(), table);
    }

    /** {@code page_views} → {@code pageViews}; {@code db.page_views} → {@code dbPageViews}. */
    static String beanNameBase(TableRef table) {
        String raw = table.database() == null ? table.table() : table.database() + "_" + table.table();
        StringBuilder name = new StringBuilder(raw.length());
        boolean upper = false;
        for (char c : raw.toCharArray()) {
            if (c == '_') {
                upper = name.length() > 0;
            } else {
                name.append(upper ? Character.toUpperCase(c) : name.length() == 0 ? Character.toLowerCase(c) : c);
                upper = false;
            }
        }
        return name.toString();
    }
}
