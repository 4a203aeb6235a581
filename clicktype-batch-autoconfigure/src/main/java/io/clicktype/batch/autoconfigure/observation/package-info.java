/** Micrometer Observations (tracing) of the batchers' flushes. */
package io.clicktype.batch.autoconfigure.observation;
