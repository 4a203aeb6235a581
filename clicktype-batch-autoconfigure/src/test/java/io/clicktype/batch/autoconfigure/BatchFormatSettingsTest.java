package io.clicktype.batch.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.BatchConfig;
import io.clicktype.batch.BatchFormat;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code clicktype.batch.format}, globally and per table, from properties (relaxed names) to the core config. */
class BatchFormatSettingsTest {

    @Test
    void theFormatIsAutoByDefaultAndSetGloballyAndPerTableByItsRelaxedNames() {
        MapConfigurationPropertySource source = new MapConfigurationPropertySource();
        source.put("clicktype.batch.format", "row-binary");
        source.put("clicktype.batch.tables.events.format", "native");
        ClickTypeBatchProperties properties = new Binder(source).bind("clicktype.batch", ClickTypeBatchProperties.class)
                .get();
        BatchConfigFactory factory = new BatchConfigFactory(properties, "shop");

        assertThat(factory.forTable("clicks").format()).isEqualTo(BatchFormat.ROW_BINARY);
        assertThat(factory.forTable("events").format()).isEqualTo(BatchFormat.NATIVE);
        assertThat(new BatchConfigFactory(new ClickTypeBatchProperties(), "shop").forTable("clicks").format())
                .isEqualTo(BatchConfig.defaults().format()).isEqualTo(BatchFormat.AUTO);
    }
}
