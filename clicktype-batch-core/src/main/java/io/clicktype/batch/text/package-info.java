/**
 * Internal: the wording shared by the library's log lines and exception messages. Not part of the public API; may
 * change in any release.
 */
package io.clicktype.batch.text;
