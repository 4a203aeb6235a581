package io.clicktype.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.test.ClickHouseTest;
import io.clicktype.batch.test.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/types.md's table "ClickHouse → Java" names every data type family the server lists in
 * {@code system.data_type_families} (aliases such as {@code BIGINT} are their target's), each written or refused
 * with the reason: a family the server has and the table does not mention fails the build. Run on every server;
 * on 26.7 it covers the current type system.
 */
@ClickHouseTest
class TypeFamiliesIT {

    private static final Pattern FAMILY = Pattern.compile("`([A-Za-z][A-Za-z0-9]*)(?:\\('json'\\))?`");

    @Test
    void everyTypeFamilyOfTheServerIsInTheTypeTable(TestDatabase db) throws IOException {
        List<String> documented = documentedFamilies();
        List<String> missing = new ArrayList<>();
        for (List<String> row : db.query("SELECT name FROM system.data_type_families WHERE alias_to = '' ORDER BY name")) {
            if (!documented.contains(row.get(0))) {
                missing.add(row.get(0));
            }
        }
        assertThat(missing).as("type families of ClickHouse %s missing from the table in docs/types.md",
                db.server().version()).isEmpty();
    }

    /** The families named (in backticks) in the first column of the "ClickHouse → Java" table. */
    static List<String> documentedFamilies() throws IOException {
        List<String> lines = Files.readAllLines(typesDoc(), StandardCharsets.UTF_8);
        List<String> families = new ArrayList<>();
        boolean inSection = false;
        for (String line : lines) {
            if (line.startsWith("## ")) {
                inSection = line.startsWith("## ClickHouse → Java");
            } else if (inSection && line.startsWith("| ") && !line.startsWith("|---")) {
                String first = line.substring(1, line.indexOf('|', 1));
                Matcher m = FAMILY.matcher(first);
                while (m.find()) {
                    families.add(m.group(1));
                }
            }
        }
        assertThat(families).as("the table in docs/types.md").hasSizeGreaterThan(30);
        return families;
    }

    private static Path typesDoc() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path doc = dir.resolve("docs/types.md");
            if (Files.isRegularFile(doc)) {
                return doc;
            }
        }
        throw new IllegalStateException("docs/types.md not found above " + Path.of("").toAbsolutePath());
    }
}
