package io.clicktype.samples.clickstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.Durability;
import io.clicktype.batch.autoconfigure.ClickTypeBatchProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/** The sample's "every knob" application.yml binds completely: no key in it is unknown to the starter. */
class ApplicationYmlTest {

    @Test
    void everyClicktypeBatchKeyOfTheSampleBinds() throws Exception {
        StandardEnvironment environment = new StandardEnvironment();
        new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))
                .forEach(environment.getPropertySources()::addFirst);
        ConfigurationPropertySources.attach(environment);

        ClickTypeBatchProperties properties = Binder.get(environment).bind("clicktype.batch",
                Bindable.of(ClickTypeBatchProperties.class), new NoUnboundElementsBindHandler(BindHandler.DEFAULT)).get();

        assertThat(properties.getDurability()).isEqualTo(Durability.MEMORY);
        assertThat(properties.getTables()).containsKey("page_views");
        assertThat(properties.getClickhouse().getDatabase()).isEqualTo("clickstream");
    }
}
