package io.clicktype.batch.autoconfigure.foundelsewhere;

import io.clicktype.batch.ClickTable;

/** The same row with the fix the start-up error suggests: the table's database named in the annotation. */
@ClickTable(value = "kept_elsewhere", database = "clicktype_elsewhere_it")
public record InItsOwnDatabase(long id) {
}
