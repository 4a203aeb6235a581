/**
 * Internal: the schema a batch was encoded for ({@link io.clicktype.batch.schema.BatchSchema}), and what happens to
 * such a batch when the live table no longer has those types: sent as is, converted losslessly to the table's new
 * types ({@link io.clicktype.batch.schema.ValueConversions}), or refused with the table, column, old and new type and
 * a fix ({@link io.clicktype.batch.schema.SchemaChangeException}). Format-neutral at its edges (names and type texts);
 * the conversions themselves read and write RowBinary. Not part of the public API; may change in any release.
 */
package io.clicktype.batch.schema;
