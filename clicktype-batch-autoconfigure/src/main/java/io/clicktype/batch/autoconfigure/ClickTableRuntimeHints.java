package io.clicktype.batch.autoconfigure;

import java.util.List;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;

/**
 * What Spring AOT must know about the starter's reflection: each {@code @ClickTable} type (its record
 * components or fields, accessors and annotations are read once at start to build the encoder), and the
 * encoder's template class file, which {@code ColumnSequences} reads as a resource to define a hidden class
 * per row type (without it the encoder falls back to its plain loop, same bytes).
 */
final class ClickTableRuntimeHints implements BeanFactoryInitializationAotContribution {

    /** The class file the core's encoder copies per row type. */
    static final String ENCODER_TEMPLATE = "io/clicktype/batch/encoding/ColumnChain.class";

    private final List<Class<?>> rowTypes;

    ClickTableRuntimeHints(List<Class<?>> rowTypes) {
        this.rowTypes = List.copyOf(rowTypes);
    }

    @Override
    public void applyTo(org.springframework.aot.generate.GenerationContext context,
            org.springframework.beans.factory.aot.BeanFactoryInitializationCode code) {
        register(context.getRuntimeHints());
    }

    void register(RuntimeHints hints) {
        for (Class<?> rowType : rowTypes) {
            hints.reflection().registerType(rowType, MemberCategory.ACCESS_DECLARED_FIELDS,
                    MemberCategory.INVOKE_DECLARED_METHODS, MemberCategory.INVOKE_DECLARED_CONSTRUCTORS);
        }
        hints.resources().registerPattern(ENCODER_TEMPLATE);
    }
}
