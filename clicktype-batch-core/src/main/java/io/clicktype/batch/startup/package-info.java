/**
 * Internal: what a batcher decides once, at start, before it accepts a row (the row type against the live table,
 * deduplication, the delivery guarantee, insert-mode settings), and what it re-reads when the table changes under
 * it. Not part of the public API; may change in any release.
 */
package io.clicktype.batch.startup;
