package io.clicktype.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The public API is the package {@code io.clicktype.batch}: no public constructor or method of a public type
 * there takes or returns a type of an internal package ({@code engine}, {@code encoding}, {@code mapping},
 * {@code transport}, {@code spill}), so users never have to import one.
 */
class PublicApiTest {

    private static final List<Class<?>> API = List.of(Batcher.class, Batcher.Builder.class, BatcherHandle.class,
            BatcherListener.class, BatcherStats.class, BatchConfig.class, BatchConfig.Builder.class,
            ClickHouseTransport.class, ConnectionConfig.class, ConnectionConfig.Builder.class, DiskSpill.class,
            DiskSpill.Builder.class, FailedBatch.class, FailedBatchHandler.class, FlushStats.class, InsertRequest.class,
            ServerInfo.class, SpillStats.class, TableColumn.class, TableDelivery.class, TableEngine.class,
            TableRef.class);
    private static final Set<String> INTERNAL = Set.of("engine", "encoding", "mapping", "transport", "spill", "wal",
            "files");

    @Test
    void noPublicSignatureNamesAnInternalType() {
        List<String> leaks = new ArrayList<>();
        for (Class<?> type : API) {
            for (Method method : type.getDeclaredMethods()) {
                if (Modifier.isPublic(method.getModifiers())) {
                    check(leaks, type.getSimpleName() + "." + method.getName(), method.getGenericReturnType());
                    for (Type parameter : method.getGenericParameterTypes()) {
                        check(leaks, type.getSimpleName() + "." + method.getName(), parameter);
                    }
                }
            }
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                if (Modifier.isPublic(constructor.getModifiers())) {
                    for (Type parameter : constructor.getGenericParameterTypes()) {
                        check(leaks, type.getSimpleName() + ".<init>", parameter);
                    }
                }
            }
        }
        assertThat(leaks).isEmpty();
    }

    private static void check(List<String> leaks, String where, Type type) {
        String name = type.getTypeName();
        for (String internal : INTERNAL) {
            if (name.contains("io.clicktype.batch." + internal + ".")) {
                leaks.add(where + " names " + name);
            }
        }
    }
}
