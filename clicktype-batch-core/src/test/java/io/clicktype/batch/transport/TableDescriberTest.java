package io.clicktype.batch.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clicktype.batch.TableColumn;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.TransportException;
import org.junit.jupiter.api.Test;

class TableDescriberTest {

    @Test
    void readsColumnsInOrderWithDefaultKinds() {
        FakeQuery query = new FakeQuery(sql -> "id\tUInt64\t\nname\tNullable(String)\t\nts\tDateTime\tDEFAULT\n"
                + "twice\tUInt64\tMATERIALIZED\n");

        assertThat(new TableDescriber(query, "default").describe(TableRef.of("events"))).containsExactly(
                new TableColumn("id", "UInt64", ""), new TableColumn("name", "Nullable(String)", ""),
                new TableColumn("ts", "DateTime", "DEFAULT"), new TableColumn("twice", "UInt64", "MATERIALIZED"));
        assertThat(query.statements).containsExactly("SELECT name, type, default_kind FROM system.columns WHERE "
                + "database = currentDatabase() AND table = 'events' FORMAT TabSeparated");
    }

    @Test
    void qualifiedTableUsesItsDatabaseAsLiteral() {
        assertThat(TableDescriber.sql(new TableRef("analytics", "events"), "default_kind"))
                .contains("database = 'analytics' AND table = 'events'");
    }

    @Test
    void noRowsMeansTheTableDoesNotExist() {
        TableDescriber describer = new TableDescriber(new FakeQuery(sql -> ""), "shop");

        assertThatThrownBy(() -> describer.describe(TableRef.of("orders")))
                .isInstanceOfSatisfying(TransportException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.serverErrorCode()).isEqualTo(60);
                    assertThat(e.getMessage()).contains("table orders does not exist in database shop",
                            "create table shop.orders", "@ClickTable");
                });
    }

    @Test
    void fallsBackToDefaultTypeOnServersWithoutDefaultKindAndRemembersIt() {
        FakeQuery query = new FakeQuery(sql -> {
            if (sql.contains("default_kind")) {
                throw FakeQuery.lostText404();
            }
            return "id\tUInt64\t\n";
        });
        TableDescriber describer = new TableDescriber(query, "default");

        assertThat(describer.describe(TableRef.of("a"))).containsExactly(new TableColumn("id", "UInt64", ""));
        assertThat(describer.describe(TableRef.of("b"))).hasSize(1);
        assertThat(query.statements).hasSize(3);
        assertThat(query.statements.get(2)).contains("default_type");
    }

    @Test
    void whenBothColumnNamesFailTheFirstErrorIsThrown() {
        TransportException first = FakeQuery.lostText404();
        FakeQuery query = new FakeQuery(sql -> {
            throw sql.contains("default_kind") ? first : new TransportException("second", false, 0, 404, null);
        });

        assertThatThrownBy(() -> new TableDescriber(query, "default").describe(TableRef.of("a"))).isSameAs(first);
    }

    @Test
    void retryableFailuresAreNotMistakenForAnOldServer() {
        TransportException down = new TransportException("down", true, 0, 0, null);
        FakeQuery query = new FakeQuery(sql -> {
            throw down;
        });

        assertThatThrownBy(() -> new TableDescriber(query, "default").describe(TableRef.of("a"))).isSameAs(down);
        assertThat(query.statements).hasSize(1);
    }
}
