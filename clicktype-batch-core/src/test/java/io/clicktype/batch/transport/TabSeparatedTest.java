package io.clicktype.batch.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TabSeparatedTest {

    @Test
    void unescapesEveryEscapeClickHouseWrites() {
        assertThat(TabSeparated.unescape("a\\tb\\nc\\\\d\\'e\\rf\\bg\\fh\\0i")).isEqualTo("a\tb\nc\\d'e\rf\bg\fh\0i");
    }

    @Test
    void unescapesHexAndUnknownEscapes() {
        assertThat(TabSeparated.unescape("\\x41\\x4a-\\q")).isEqualTo("AJ-q");
        assertThat(TabSeparated.unescape("\\xZZ")).isEqualTo("xZZ");
    }

    @Test
    void nullMarkerBecomesNull() {
        assertThat(TabSeparated.unescape("\\N")).isNull();
        assertThat(TabSeparated.unescape("plain")).isEqualTo("plain");
        assertThat(TabSeparated.unescape("trailing\\")).isEqualTo("trailing\\");
    }

    @Test
    void parsesRowsAndFieldsIncludingEmptyFields() {
        List<List<String>> rows = TabSeparated.parse("id\tUInt64\t\nd\tDateTime\tDEFAULT\nnote\tString\\twith tab\t\n");

        assertThat(rows).containsExactly(List.of("id", "UInt64", ""), List.of("d", "DateTime", "DEFAULT"),
                List.of("note", "String\twith tab", ""));
    }

    @Test
    void emptyBodyHasNoRowsAndLastLineNeedsNoNewline() {
        assertThat(TabSeparated.parse("")).isEmpty();
        assertThat(TabSeparated.parse("18.16.1")).containsExactly(List.of("18.16.1"));
        assertThat(TabSeparated.parse("a\t\\N\n")).containsExactly(Arrays.asList("a", null));
    }

    @Test
    void literalEscapesQuotesBackslashesAndControlCharacters() {
        assertThat(TabSeparated.literal("events")).isEqualTo("'events'");
        assertThat(TabSeparated.literal("x' OR 1=1 --")).isEqualTo("'x\\' OR 1=1 --'");
        assertThat(TabSeparated.literal("a\\'b\nc\t\0")).isEqualTo("'a\\\\\\'b\\nc\\t\\0'");
    }
}
