/** Actuator health of the batchers: one component per table under {@code clicktype}. */
package io.clicktype.batch.autoconfigure.health;
