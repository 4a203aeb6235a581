package io.clicktype.batch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The layers of the core, checked on its compiled classes: storage and wire code ({@code transport}, {@code wal},
 * {@code spill}, {@code encoding}, {@code mapping}) never reaches up into the engine or the start-up policy; the plain
 * transport never uses its cluster part; the transport SPI uses only the API's value types, none of which uses it
 * back; and no class of the API package depends on an internal class that depends back on it (an import cycle between
 * what users import and what may change).
 */
class ArchitectureTest {

    private static final String ROOT = "io.clicktype.batch";
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);

    @Test
    void storageAndWireCodeNeverImportTheEngineOrStartUp() {
        noClasses().that().resideInAnyPackage(ROOT + ".transport..", ROOT + ".wal..", ROOT + ".spill..",
                        ROOT + ".encoding..", ROOT + ".mapping..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".engine..", ROOT + ".startup..")
                .because("the engine drives storage and the wire, not the other way round")
                .check(CORE);
    }

    @Test
    void theEngineNeverImportsStartUp() {
        noClasses().that().resideInAnyPackage(ROOT + ".engine..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".startup..")
                .because("start-up decides once and hands the engine its results")
                .check(CORE);
    }

    @Test
    void thePlainTransportNeverUsesItsClusterPart() {
        noClasses().that().resideInAPackage(ROOT + ".transport")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".transport.cluster..")
                .because("a single-server transport must work without the cluster code")
                .check(CORE);
    }

    @Test
    void theSpiUsesOnlyTheApisValueTypesAndNoneOfThemUsesTheSpiBack() {
        List<String> offenders = new ArrayList<>();
        for (JavaClass spi : CORE) {
            if (!spi.getPackageName().equals(ROOT + ".spi")) {
                continue;
            }
            for (Dependency dependency : spi.getDirectDependenciesFromSelf()) {
                JavaClass used = dependency.getTargetClass();
                if (isInternal(used)) {
                    offenders.add(spi.getName() + " uses internal " + used.getName());
                } else if (used.getPackageName().equals(ROOT) && usesSpi(used)) {
                    offenders.add(spi.getName() + " uses " + used.getName() + ", which uses the SPI back");
                }
            }
        }
        assertThat(new HashSet<>(offenders)).isEmpty();
    }

    private static boolean usesSpi(JavaClass type) {
        for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
            if (dependency.getTargetClass().getPackageName().equals(ROOT + ".spi")) {
                return true;
            }
        }
        return false;
    }

    @Test
    void theApiPackageImportsNothingThatImportsItBack() {
        List<String> cycles = new ArrayList<>();
        for (JavaClass api : CORE) {
            if (!api.getPackageName().equals(ROOT)) {
                continue;
            }
            for (Dependency dependency : api.getDirectDependenciesFromSelf()) {
                JavaClass internal = dependency.getTargetClass();
                if (isInternal(internal) && reachesBack(internal, topLevel(api))) {
                    cycles.add(topLevel(api).getName() + " -> " + topLevel(internal).getName() + " -> ... -> "
                            + topLevel(api).getSimpleName());
                }
            }
        }
        assertThat(new HashSet<>(cycles)).isEmpty();
    }

    /** Whether {@code api} can be reached from {@code start} through internal classes only. */
    private static boolean reachesBack(JavaClass start, JavaClass api) {
        Set<String> seen = new HashSet<>();
        ArrayDeque<JavaClass> todo = new ArrayDeque<>();
        todo.add(start);
        while (!todo.isEmpty()) {
            JavaClass next = todo.poll();
            if (!seen.add(next.getName())) {
                continue;
            }
            for (Dependency dependency : next.getDirectDependenciesFromSelf()) {
                JavaClass target = dependency.getTargetClass();
                if (topLevel(target).getName().equals(api.getName())) {
                    return true;
                }
                if (isInternal(target)) {
                    todo.add(target);
                }
            }
        }
        return false;
    }

    private static boolean isInternal(JavaClass type) {
        String name = type.getPackageName();
        return name.startsWith(ROOT + ".") && !name.startsWith(ROOT + ".spi");
    }

    private static JavaClass topLevel(JavaClass type) {
        JavaClass top = type;
        while (top.getEnclosingClass().isPresent()) {
            top = top.getEnclosingClass().get();
        }
        return top;
    }
}
