/**
 * Internal: finding the name a user probably meant (a misspelt property, table or database) for start-up
 * messages. Not part of the public API; may change in any release.
 */
package io.clicktype.batch.naming;
