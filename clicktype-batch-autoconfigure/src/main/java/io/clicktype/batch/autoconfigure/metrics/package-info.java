/** Micrometer meters of the batchers, named {@code clicktype.batch.*} with a {@code table} tag. */
package io.clicktype.batch.autoconfigure.metrics;
