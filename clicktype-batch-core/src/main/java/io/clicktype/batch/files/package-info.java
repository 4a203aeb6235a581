/**
 * Internal: the directories and files the library keeps rows in (spill files, write-ahead log segments), private
 * to the process's user. Not part of the public API; may change in any release.
 *
 * <p>{@link io.clicktype.batch.files.PrivateDirectory} creates directories mode 0700 and refuses, at start, one
 * that another user owns or may write to; {@link io.clicktype.batch.files.OwnerOnlyFiles} creates files mode
 * 0600. Both pass the mode when the file system creates the entry, so no other user can open it in between, and
 * neither follows a symbolic link. On a file system without POSIX permissions (Windows) both fall back to the
 * plain calls. See docs/security.md.
 */
package io.clicktype.batch.files;
