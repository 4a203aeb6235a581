package io.clicktype.batch.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.BatcherHandle;
import io.clicktype.batch.autoconfigure.entities.PageView;
import io.clicktype.batch.autoconfigure.observation.FlushObservations;
import io.clicktype.batch.spi.ClickHouseTransport;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** One Observation per flush, with its table, trigger, outcome, size, attempts and retries. */
class ClickTypeBatchObservationAutoConfigurationTest {

    private final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ClickTypeBatchAutoConfiguration.class,
                    ClickTypeBatchObservationAutoConfiguration.class))
            .withBean(ClickHouseTransport.class, FakeTransport::new)
            .withPropertyValues("clicktype.batch.packages=io.clicktype.batch.autoconfigure.entities",
                    "clicktype.batch.spill.enabled=false", "clicktype.batch.max-retries=1",
                    "clicktype.batch.retry-base-delay=1ms", "clicktype.batch.retry-max-delay=2ms");

    private ObservationRegistry recordingRegistry() {
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }

            @Override
            public void onEvent(Observation.Event event, Observation.Context context) {
                events.add(event.getName());
            }

            @Override
            public void onStop(Observation.Context context) {
                stopped.add(context);
            }
        });
        return registry;
    }

    @Test
    void eachFlushIsOneObservationWithItsOutcomeAndRetries() {
        runner.withBean(ObservationRegistry.class, this::recordingRegistry).run(context -> {
            @SuppressWarnings("unchecked")
            BatcherHandle<PageView> handle = context.getBean("pageViewsBatcherHandle", BatcherHandle.class);
            handle.insert(new PageView(1, "/a"));
            handle.insert(new PageView(2, "/b"));
            handle.flush().toCompletableFuture().get(5, TimeUnit.SECONDS);
            context.getBean(FakeTransport.class).down = true;
            handle.insert(new PageView(3, "/c"));
            handle.flush().toCompletableFuture().exceptionally(e -> null).get(5, TimeUnit.SECONDS);
        });

        assertThat(stopped).hasSize(2).allSatisfy(c -> assertThat(c.getName()).isEqualTo(FlushObservations.NAME));
        Observation.Context ok = stopped.get(0);
        assertThat(ok.getLowCardinalityKeyValues()).contains(KeyValue.of("table", "page_views"),
                KeyValue.of("trigger", "explicit"), KeyValue.of("outcome", "success"));
        assertThat(ok.getHighCardinalityKeyValues()).contains(KeyValue.of("rows", "2"), KeyValue.of("attempts", "1"));
        Observation.Context failed = stopped.get(1);
        assertThat(failed.getLowCardinalityKeyValues()).contains(KeyValue.of("outcome", "failure"));
        assertThat(failed.getError()).hasMessageContaining("Connection refused");
        assertThat(events).containsExactly("retry");
    }

    @Test
    void bootsObservationSwitchTurnsTheFlushObservationsOff() {
        ObservationHandler<Observation.Context> recorder = new ObservationHandler<>() {
            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }

            @Override
            public void onStop(Observation.Context context) {
                stopped.add(context);
            }
        };
        ApplicationContextRunner withBoot = runner.withConfiguration(AutoConfigurations.of(
                org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration.class))
                .withBean(ObservationHandler.class, () -> recorder);
        withBoot.withPropertyValues("management.observations.enable.clicktype.batch.flush=false").run(this::flushOne);
        assertThat(stopped).isEmpty();
        withBoot.run(this::flushOne);
        assertThat(stopped).singleElement().satisfies(c -> assertThat(c.getName()).isEqualTo(FlushObservations.NAME));
    }

    private void flushOne(org.springframework.boot.test.context.assertj.AssertableApplicationContext context)
            throws Exception {
        assertThat(context).hasNotFailed();
        @SuppressWarnings("unchecked")
        BatcherHandle<PageView> handle = context.getBean("pageViewsBatcherHandle", BatcherHandle.class);
        handle.insert(new PageView(1, "/a"));
        handle.flush().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void withoutAnObservationRegistryThereIsNothingToObserveWith() {
        runner.run(context -> assertThat(context).doesNotHaveBean(FlushObservations.class));
    }
}
