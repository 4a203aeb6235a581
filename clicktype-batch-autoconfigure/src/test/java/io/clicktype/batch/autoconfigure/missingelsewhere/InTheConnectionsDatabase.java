package io.clicktype.batch.autoconfigure.missingelsewhere;

import io.clicktype.batch.ClickTable;

/** A row whose table was created in another database than the connection's ({@code clicktype_elsewhere_it}). */
@ClickTable("kept_elsewhere")
public record InTheConnectionsDatabase(long id) {
}
