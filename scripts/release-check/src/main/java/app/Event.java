package app;

import io.clicktype.batch.ClickTable;

/** A row of table {@code events}. */
@ClickTable("events")
public record Event(long id, String name) {
}
