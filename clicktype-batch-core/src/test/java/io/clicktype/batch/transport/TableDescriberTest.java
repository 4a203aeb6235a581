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
        TableDescriber describer = new TableDescriber(server("", "shop\n"), "shop");

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

    /** Answers system.columns with nothing, and system.tables / system.databases with the given names. */
    private static FakeQuery server(String tables, String databases) {
        return server(tables, databases, "");
    }

    /** The same, with {@code elsewhere}: the other databases that hold a table of the name asked for. */
    private static FakeQuery server(String tables, String databases, String elsewhere) {
        return new FakeQuery(sql -> sql.contains("system.columns") ? ""
                : sql.startsWith("SELECT database FROM system.tables") ? elsewhere
                : sql.contains("system.tables") ? tables : sql.contains("system.databases") ? databases : "");
    }

    @Test
    void aMissingTableListsTheDatabasesTablesAndSuggestsTheClosest() {
        FakeQuery query = server("events_local\nevents_all\npage_views\n", "default\nshop\n");

        assertThatThrownBy(() -> new TableDescriber(query, "shop").describe(TableRef.of("Events_locl")))
                .isInstanceOfSatisfying(TransportException.class, e -> {
                    assertThat(e.serverErrorCode()).isEqualTo(60);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).isEqualTo("table Events_locl does not exist in database shop "
                            + "(system.columns lists no column for it; tables in shop: events_local, events_all, "
                            + "page_views) [not retryable]. To fix: fix the name in @ClickTable (did you mean "
                            + "`events_local`?) or create table shop.Events_locl with the columns of its @ClickTable record; if it exists, "
                            + "grant the connection's user access to it.");
                });
        assertThat(query.statements).contains("SELECT name FROM system.tables WHERE database = "
                + "'shop' ORDER BY name FORMAT TabSeparated");
        assertThat(query.statements).last().asString().isEqualTo("SELECT database FROM system.tables WHERE name = "
                + "'Events_locl' AND database != 'shop' ORDER BY database FORMAT TabSeparated");
    }

    @Test
    void aTableInAnotherDatabaseIsNamedWithTheAnnotationThatReachesIt() {
        FakeQuery query = server("page_views\n", "analytics\nshop\n", "analytics\narchive\n");

        assertThatThrownBy(() -> new TableDescriber(query, "shop").describe(TableRef.of("orders")))
                .hasMessageContaining("tables in shop: page_views; a table named orders exists in database "
                        + "analytics, archive)")
                .hasMessageContaining("To fix: if you meant the table in database analytics, name it in "
                        + "@ClickTable(value = \"orders\", database = \"analytics\") or make analytics the connection's "
                        + "database; otherwise create table shop.orders with the columns of its @ClickTable record");
    }

    @Test
    void nothingCloseIsNotSuggestedAndHiddenTablesAreNotListed() {
        FakeQuery query = server(".inner.mv\npage_views\n", "shop\n");

        assertThatThrownBy(() -> new TableDescriber(query, "shop").describe(TableRef.of("orders")))
                .hasMessageContaining("tables in shop: page_views)")
                .hasMessageContaining("To fix: create table shop.orders with the columns of its @ClickTable record or fix the name in @ClickTable;")
                .message().doesNotContain("did you mean", ".inner.");
    }

    @Test
    void aMissingDatabaseSuggestsTheClosestDatabase() {
        FakeQuery query = server("", "default\nanalytics\nsystem\n");

        assertThatThrownBy(() -> new TableDescriber(query, "default").describe(new TableRef("analytcs", "events")))
                .isInstanceOfSatisfying(TransportException.class, e -> {
                    assertThat(e.serverErrorCode()).as("UNKNOWN_DATABASE").isEqualTo(81);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).isEqualTo("database analytcs of table events does not exist "
                            + "(databases on the server: default, analytics, system) [not retryable]. To fix: did you "
                            + "mean `analytics`? Fix the database in @ClickTable(database = ...) or in the connection "
                            + "settings, or create it (CREATE DATABASE `analytcs`).");
                });
    }

    @Test
    void anEmptyDatabaseThatExistsIsAMissingTableNotAMissingDatabase() {
        assertThatThrownBy(() -> new TableDescriber(server("", "shop\n"), "shop").describe(TableRef.of("orders")))
                .hasMessageStartingWith("table orders does not exist in database shop (system.columns lists no "
                        + "column for it; no tables in shop)");
    }

    @Test
    void listsThatCannotBeReadLeaveTheSuggestionOut() {
        FakeQuery query = new FakeQuery(sql -> {
            if (sql.contains("system.columns")) {
                return "";
            }
            throw new TransportException("ACCESS_DENIED", false, 497, 403, null);
        });

        assertThatThrownBy(() -> new TableDescriber(query, "shop").describe(TableRef.of("orders")))
                .hasMessageContaining("tables in shop could not be listed")
                .hasMessageContaining("To fix: create table shop.orders");
    }

    @Test
    void aMissingConnectionDatabaseIsAnsweredWithTheDatabasesThereAre() {
        TransportException unknown = new TransportException("Database shpo doesn't exist (UNKNOWN_DATABASE)", false,
                81, 404, null);
        FakeQuery query = new FakeQuery(sql -> {
            throw unknown;
        });
        FakeQuery serverWide = new FakeQuery(sql -> "default\nshop\nsystem\n");

        assertThatThrownBy(() -> new TableDescriber(query, serverWide, "shpo").describe(TableRef.of("orders")))
                .isInstanceOfSatisfying(TransportException.class, e -> {
                    assertThat(e.serverErrorCode()).isEqualTo(81);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getCause()).isSameAs(unknown);
                    assertThat(e.getMessage()).isEqualTo("database shpo of the connection does not exist (databases "
                            + "on the server: default, shop, system) [not retryable]. To fix: did you mean `shop`? Fix "
                            + "the database in the connection settings (the url's path, or its database setting), or "
                            + "create it (CREATE DATABASE `shpo`).");
                });
        assertThat(serverWide.statements).containsExactly("SELECT name FROM system.databases ORDER BY name FORMAT "
                + "TabSeparated");
    }
}
