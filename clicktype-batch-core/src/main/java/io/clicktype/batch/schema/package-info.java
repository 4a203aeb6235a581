/**
 * Internal: the schema a batch was encoded for ({@link io.clicktype.batch.schema.BatchSchema}), and what happens to
 * such a batch when the live table does not have those types: sent as is, converted to the table's
 * types ({@link io.clicktype.batch.schema.ValueConversions}), or refused with the table, column, old and new type and
 * a fix ({@link io.clicktype.batch.schema.SchemaChangeException}). Format-neutral at its edges (names and type texts);
 * the conversions themselves read and write RowBinary. Not part of the public API; may change in any release.
 */
package io.clicktype.batch.schema;
