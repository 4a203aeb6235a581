package io.clicktype.batch.schema;

/** Why values of one type cannot be carried over into another without loss; its message is the reason alone. */
final class NotConvertibleException extends Exception {

    private static final long serialVersionUID = 1L;

    NotConvertibleException(String reason) {
        super(reason, null, false, false);
    }
}
