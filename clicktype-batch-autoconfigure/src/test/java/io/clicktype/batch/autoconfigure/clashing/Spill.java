package io.clicktype.batch.autoconfigure.clashing;

import io.clicktype.batch.ClickTable;

/** A table whose name is also the name of a health entry of the starter's own. */
@ClickTable("spill")
public record Spill(long id) {
}
