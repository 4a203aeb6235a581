/**
 * Internal: spill files. Not part of the public API; may change in any release.
 */
package io.clicktype.batch.spill;
