package io.clicktype.batch.autoconfigure.missingname;

import io.clicktype.batch.ClickTable;

/** A row whose table name has a typo: the database has {@code events_local}. */
@ClickTable("events_locl")
public record MisspeltTable(long id) {
}
