/**
 * Internal: the write-ahead log of {@code Durability.WAL}. Not part of the public API; may change in any release.
 *
 * <p>One log per table, a directory of segment files ({@link io.clicktype.batch.wal.WalSegment}) holding
 * checksummed records ({@link io.clicktype.batch.wal.WalRecords}): rows as producers append them, the cut points
 * of batches, and acknowledgements. See docs/delivery.md for the guarantees.
 */
package io.clicktype.batch.wal;
