package io.clicktype.batch.autoconfigure.missingdatabase;

import io.clicktype.batch.ClickTable;

/** A row whose database has a typo: the server has {@code clicktype_missing_it}. */
@ClickTable(database = "clicktype_misisng_it", value = "events")
public record MisspeltDatabase(long id) {
}
