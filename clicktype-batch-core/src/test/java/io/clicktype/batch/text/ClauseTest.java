package io.clicktype.batch.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.TableRef;
import io.clicktype.batch.schema.SchemaChangeException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClauseTest {

    @Test
    void aMessageGoesOnAfterItsClauseWithOneFullStop() {
        // the message a spill file's or a rejected batch's line continued with ". It was moved to ..." (it read "..")
        SchemaChangeException refused = new SchemaChangeException(TableRef.of("t"),
                List.of("column `v` was dropped"), null);
        assertThat(refused.getMessage()).endsWith("once the table takes it.");
        assertThat(Clause.of(refused) + ". It was moved").doesNotContain("..").endsWith("takes it. It was moved");
    }

    @Test
    void aMessageWithoutAStopAnEllipsisAndNullAreKept() {
        assertThat(Clause.of("connection refused")).isEqualTo("connection refused");
        assertThat(Clause.of("waiting...")).isEqualTo("waiting...");
        assertThat(Clause.of((String) null)).isEqualTo("null");
        assertThat(Clause.of(new IllegalStateException())).isEqualTo("null");
    }
}
