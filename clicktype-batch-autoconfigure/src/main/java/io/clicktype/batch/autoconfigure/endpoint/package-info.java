/** The {@code clicktype} actuator endpoint. */
package io.clicktype.batch.autoconfigure.endpoint;
