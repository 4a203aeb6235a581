package io.clicktype.batch.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.TableRef;
import io.clicktype.batch.TransportException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class InsertDiagnosisTest {

    private static final String COLUMNS = "id\tUInt64\t\nname\tString\t\ntwice\tUInt64\tMATERIALIZED\n";

    private static TransportException diagnose(Function<String, String> answers, List<String> columns,
            Map<String, String> settings, int status) {
        FakeQuery query = new FakeQuery(answers);
        return InsertDiagnosis.diagnose(query, new TableDescriber(query, "default"), "default",
                TableRef.of("events"), columns, settings, "insert of 1 rows into events failed at http://h:1", status,
                new RuntimeException("original"));
    }

    private static Function<String, String> server(String databases, String columns, String settings) {
        return sql -> sql.contains("system.databases") ? databases
                : sql.contains("system.columns") ? columns : settings;
    }

    @Test
    void missingDatabase() {
        TransportException e = diagnose(server("", "", ""), List.of("id"), Map.of(), 404);

        assertThat(e.serverErrorCode()).isEqualTo(81);
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("Database default doesn't exist", "diagnosed from system tables");
    }

    @Test
    void missingTable() {
        TransportException e = diagnose(server("default\n", "", ""), List.of("id"), Map.of(), 404);

        assertThat(e.serverErrorCode()).isEqualTo(60);
        assertThat(e.httpStatus()).isEqualTo(404);
        assertThat(e.getMessage()).contains("Table default.events doesn't exist", "create table events");
    }

    @Test
    void missingAndMaterializedColumns() {
        TransportException missing = diagnose(server("default\n", COLUMNS, ""), List.of("id", "zz"), Map.of(), 500);
        TransportException materialized = diagnose(server("default\n", COLUMNS, ""), List.of("id", "twice"),
                Map.of(), 500);

        assertThat(missing.serverErrorCode()).isEqualTo(16);
        assertThat(missing.retryable()).isFalse();
        assertThat(missing.getMessage()).contains("No such column zz in table default.events");
        assertThat(materialized.serverErrorCode()).isEqualTo(44);
        assertThat(materialized.getMessage()).contains("MATERIALIZED", "@ClickIgnore");
    }

    @Test
    void unknownSetting() {
        TransportException e = diagnose(server("default\n", COLUMNS, "insert_deduplicate\n"), List.of("id"),
                Map.of("insert_deduplicate", "1", "async_insert", "1"), 404);

        assertThat(e.serverErrorCode()).isEqualTo(115);
        assertThat(e.getMessage()).contains("Unknown setting async_insert", "upgrade ClickHouse");
    }

    @Test
    void nothingStructurallyWrongOrMetadataUnreadableGivesNoDiagnosis() {
        assertThat(diagnose(server("default\n", COLUMNS, ""), List.of("id", "name"), Map.of(), 500)).isNull();
        assertThat(diagnose(sql -> {
            throw new TransportException("down", true, 0, 0, null);
        }, List.of("id"), Map.of(), 500)).isNull();
    }
}
