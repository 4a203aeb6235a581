package io.clicktype.batch.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clicktype.batch.TableRef;
import io.clicktype.batch.TransportException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuotedColumnsTest {

    private final QuotedColumns quoted = new QuotedColumns();
    private final TableRef table = TableRef.of("events");

    @Test
    void quotesValidNamesInOrder() {
        assertThat(quoted.quote(table, List.of("id", "user_name", "_x1"))).containsExactly("`id`", "`user_name`",
                "`_x1`");
    }

    @Test
    void quotesAndEscapesEveryNameClickHouseAccepts() {
        assertThat(quoted.quote(table, List.of("tags.name", "event-type", "user id", "ns:attr", "ünï", "a`b", "c\\d",
                "e'f", "1st", "tab\tx"))).containsExactly("`tags.name`", "`event-type`", "`user id`", "`ns:attr`",
                "`ünï`", "`a\\`b`", "`c\\\\d`", "`e'f`", "`1st`", "`tab\tx`");
    }

    @Test
    void refusesAnEmptyNameBeforeSending() {
        assertThatThrownBy(() -> quoted.quote(table, List.of("id", "")))
                .isInstanceOfSatisfying(TransportException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("events", "empty column", "@ClickColumn");
                });
    }

    @Test
    void rejectsAnEmptyColumnList() {
        assertThatThrownBy(() -> quoted.quote(table, List.of())).isInstanceOf(TransportException.class);
    }

    @Test
    void reusesTheQuotedListForTheSameNamesAndRevalidatesChangedOnes() {
        List<String> names = new ArrayList<>(List.of("id", "name"));
        List<String> first = quoted.quote(table, names);

        assertThat(quoted.quote(table, names)).isSameAs(first);

        names.set(1, "other name");
        assertThat(quoted.quote(table, names)).containsExactly("`id`", "`other name`");
        names.set(1, "");
        assertThatThrownBy(() -> quoted.quote(table, names)).isInstanceOf(TransportException.class);
    }
}
