package io.clicktype.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The public API is the package {@code io.clicktype.batch} and the transport SPI {@code io.clicktype.batch.spi}: no public
 * constructor or method of a public type there takes or returns a type of an internal package, so users never have
 * to import one. The types are found by scanning the package's compiled classes, so a new type is checked the day it
 * is added.
 */
class PublicApiTest {

    /** Internal packages: everything under {@code io.clicktype.batch} but the API itself and {@code spi}. */
    static final Set<String> INTERNAL = Set.of("engine", "encoding", "mapping", "transport", "spill", "wal",
            "startup");

    static List<Class<?>> publicApiTypes() {
        List<Class<?>> types = new ArrayList<>();
        for (JavaClass type : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.clicktype.batch")) {
            if ((type.getPackageName().equals("io.clicktype.batch") || type.getPackageName().equals("io.clicktype.batch.spi"))
                    && isPublic(type.reflect())) {
                types.add(type.reflect());
            }
        }
        return types;
    }

    private static boolean isPublic(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
            if (!Modifier.isPublic(t.getModifiers())) {
                return false;
            }
        }
        return !type.isAnonymousClass() && !type.isSynthetic();
    }

    @Test
    void theScanFindsThePublicTypesUsersImport() {
        assertThat(publicApiTypes()).contains(Batcher.class, Batcher.Builder.class, BatcherHandle.class,
                BatcherListener.class, BatchConfig.class, ShardedBatcher.class, WalConfig.class, ClusterConfig.class,
                WalStats.class, MemoryBudget.class, ClickHouseTransports.class,
                io.clicktype.batch.spi.ClickHouseTransport.class, io.clicktype.batch.spi.ShardedTransport.class)
                .doesNotContain(ListenerFanOut.class);
    }

    @Test
    void noPublicSignatureNamesAnInternalType() {
        List<String> leaks = new ArrayList<>();
        for (Class<?> type : publicApiTypes()) {
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
