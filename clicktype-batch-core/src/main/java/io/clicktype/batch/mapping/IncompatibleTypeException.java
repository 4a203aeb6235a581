package io.clicktype.batch.mapping;

/** A Java type cannot be written as a ClickHouse type. Internal to the mapping step. */
final class IncompatibleTypeException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean specific;

    IncompatibleTypeException(String message) {
        this(message, false);
    }

    /** @param specific whether the message says more than "type A cannot be written as B" and should be shown */
    IncompatibleTypeException(String message, boolean specific) {
        super(message, null, false, false);
        this.specific = specific;
    }

    /** Whether the message names the precise problem (a tuple element without a component, ...). */
    boolean specific() {
        return specific;
    }
}
