package io.clicktype.batch.mapping;

/** A Java type cannot be written as a ClickHouse type. Internal to the mapping step. */
final class IncompatibleTypeException extends Exception {

    private static final long serialVersionUID = 1L;

    IncompatibleTypeException(String message) {
        super(message, null, false, false);
    }
}
