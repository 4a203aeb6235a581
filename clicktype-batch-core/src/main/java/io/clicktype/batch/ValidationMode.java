package io.clicktype.batch;

/** What to do when the row type does not match the live table at start. */
public enum ValidationMode {
    /** Refuse to start; the exception lists every mismatch and how to fix it. */
    FAIL,
    /** Log every mismatch once at WARN and start anyway. */
    WARN,
    /** Do not read the table's schema. */
    OFF
}
