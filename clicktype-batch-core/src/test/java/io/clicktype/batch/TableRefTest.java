package io.clicktype.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TableRefTest {

    @Test
    void anyNonEmptyNameIsAcceptedAndQuotedWithBackslashBeforeBackslashAndBacktick() {
        TableRef table = new TableRef("my-db.x", "t`a\\b 'ü'");

        assertThat(table.quoted()).isEqualTo("`my-db.x`.`t\\`a\\\\b 'ü'`");
        assertThat(table.toString()).isEqualTo("my-db.x.t`a\\b 'ü'");
    }

    @Test
    void quoteLeavesEverythingButBackslashAndBacktickAsItIs() {
        assertThat(TableRef.quote("tags.name")).isEqualTo("`tags.name`");
        assertThat(TableRef.quote("event-type")).isEqualTo("`event-type`");
        assertThat(TableRef.quote("user id")).isEqualTo("`user id`");
        assertThat(TableRef.quote("ns:attr")).isEqualTo("`ns:attr`");
        assertThat(TableRef.quote("ünï")).isEqualTo("`ünï`");
        assertThat(TableRef.quote("a`b")).isEqualTo("`a\\`b`");
        assertThat(TableRef.quote("\\")).isEqualTo("`\\\\`");
        assertThat(TableRef.quote("``")).isEqualTo("`\\`\\``");
        assertThat(TableRef.quote("new\nline\ttab")).isEqualTo("`new\nline\ttab`");
    }

    @Test
    void anEmptyDatabaseMeansTheDefaultOneAndAnEmptyTableIsRefused() {
        assertThat(new TableRef("", "t").database()).isNull();
        assertThatThrownBy(() -> TableRef.of("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("@ClickTable");
        assertThatThrownBy(() -> TableRef.of(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> TableRef.quote("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyPlainIdentifiersArePlain() {
        assertThat(TableRef.isPlainIdentifier("insert_quorum")).isTrue();
        assertThat(TableRef.isPlainIdentifier("a.b")).isFalse();
        assertThat(TableRef.isPlainIdentifier("1a")).isFalse();
        assertThat(TableRef.isPlainIdentifier(null)).isFalse();
    }
}
