package io.clicktype.batch.encoding;

/**
 * What one typed path of a JSON column ({@code JSON(a.b UInt32)}) takes when the document arrives as JSON text,
 * as ClickHouse 26.7 converts it (measured value by value, see {@code JsonTypedPathsIT}; ClickHouse docs, "JSON
 * data type", "Typed paths"). Integers: a JSON integer in the type's range; a JSON number with a fraction or an
 * exponent whose double value lies within [min, max] (then truncated); {@code true}/{@code false}; {@code null}
 * (the default); a string holding such a number ({@code "+5"}, {@code "1.5"}, {@code "1e2"}, {@code "nan"}) —
 * but no object, array, blank or other text. {@code Bool} reads as {@code UInt8}. Floats: any number, boolean or
 * null, and a string holding a number, {@code inf} or {@code nan}. {@code UUID}: a string of 32 hex digits,
 * plain or dashed; {@code IPv4}: a string {@code a.b.c.d}, parts 0 to 255; both null, but no number or boolean.
 * Any other type is left to the server.
 * Immutable, thread-safe.
 */
public final class JsonPathRule {

    private enum Kind { INTEGER, FLOAT, UUID, IPV4 }

    private final String type;
    private final Kind kind;
    private final boolean integer;
    private final long maxPositive;   // unsigned magnitude
    private final long maxNegative;   // unsigned magnitude, 0 for unsigned types
    private final double maxDouble;
    private final double minDouble;
    private final String range;

    private JsonPathRule(String type, Kind kind, long maxPositive, long maxNegative, double maxDouble,
                         double minDouble, String range) {
        this.type = type;
        this.kind = kind;
        this.integer = kind == Kind.INTEGER;
        this.maxPositive = maxPositive;
        this.maxNegative = maxNegative;
        this.maxDouble = maxDouble;
        this.minDouble = minDouble;
        this.range = range;
    }

    /**
     * The rule for a typed path of the ClickHouse type {@code family} ({@code Nullable} already removed), or
     * {@code null} when the batcher does not check that type (the server converts it).
     *
     * @param type the path's type as the server prints it, for messages
     */
    public static JsonPathRule of(String family, String type) {
        return switch (family) {
            case "Int8" -> signed(type, 7);
            case "Int16" -> signed(type, 15);
            case "Int32" -> signed(type, 31);
            case "Int64" -> signed(type, 63);
            case "UInt8", "Bool" -> unsigned(type, 8);
            case "UInt16" -> unsigned(type, 16);
            case "UInt32" -> unsigned(type, 32);
            case "UInt64" -> unsigned(type, 64);
            case "Float32", "Float64" -> new JsonPathRule(type, Kind.FLOAT, 0, 0, 0, 0, null);
            case "UUID" -> new JsonPathRule(type, Kind.UUID, 0, 0, 0, 0, null);
            case "IPv4" -> new JsonPathRule(type, Kind.IPV4, 0, 0, 0, 0, null);
            default -> null;
        };
    }

    /** Any JSON integer ClickHouse reads at all, as Int64 or UInt64: -2^63 to 2^64 - 1. */
    static JsonPathRule integerLimits() {
        return new JsonPathRule("Int64 or UInt64", Kind.INTEGER, -1L, Long.MIN_VALUE, Math.nextDown(0x1p64), -0x1p63,
                "whole numbers from -9223372036854775808 to 18446744073709551615");
    }

    private static JsonPathRule signed(String type, int bits) {
        long max = bits == 63 ? Long.MAX_VALUE : (1L << bits) - 1;
        // The largest double <= max: 2^63 - 1 is no double, so Int64 stops below 2^63 (measured: 2^63 is refused).
        double maxDouble = bits == 63 ? Math.nextDown(0x1p63) : max;
        return new JsonPathRule(type, Kind.INTEGER, max, max + 1, maxDouble, Math.scalb(-1.0, bits),
                "whole numbers from " + (-max - 1) + " to " + max);
    }

    private static JsonPathRule unsigned(String type, int bits) {
        long max = bits == 64 ? -1L : (1L << bits) - 1;
        double maxDouble = bits == 64 ? Math.nextDown(0x1p64) : max;
        return new JsonPathRule(type, Kind.INTEGER, max, 0, maxDouble, 0, "whole numbers from 0 to "
                + Long.toUnsignedString(max) + (type.equals("Bool") ? " (0 is false)" : ""));
    }

    /** The path's ClickHouse type. */
    public String type() {
        return type;
    }

    /** Whether a JSON number literal {@code text[start, end)} converts; {@code fraction}: it has '.' or 'e'. */
    boolean acceptsNumber(String text, int start, int end, boolean fraction) {
        if (!integer) {
            return kind == Kind.FLOAT;
        }
        return fraction ? acceptsDouble(Double.parseDouble(text.substring(start, end)))
                : acceptsInteger(text, start, end);
    }

    /** Whether {@code true} or {@code false} converts (to 1 or 0). */
    boolean acceptsBoolean() {
        return kind == Kind.INTEGER || kind == Kind.FLOAT;
    }

    /** Whether the content {@code text[start, end)} of a JSON string (no escapes) converts. */
    boolean acceptsString(String text, int start, int end) {
        if (kind == Kind.UUID) {
            return isUuid(text, start, end);
        }
        if (kind == Kind.IPV4) {
            return isIpv4(text, start, end);
        }
        int i = start;
        if (i < end && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            i++;
        }
        if (i < end && (text.charAt(i) == 'n' || text.charAt(i) == 'N' || text.charAt(i) == 'i'
                || text.charAt(i) == 'I')) {
            boolean nan = end - i == 3 && text.regionMatches(true, i, "nan", 0, 3);
            boolean inf = end - i == 3 && text.regionMatches(true, i, "inf", 0, 3)
                    || end - i == 8 && text.regionMatches(true, i, "infinity", 0, 8);
            return nan || inf && !integer;
        }
        int digits = 0;
        int p = i;
        while (p < end && isDigit(text.charAt(p))) {
            p++;
            digits++;
        }
        if (p == end) {
            return digits > 0 && (!integer || acceptsInteger(text, start, end));
        }
        if (text.charAt(p) == '.') {
            p++;
            while (p < end && isDigit(text.charAt(p))) {
                p++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (p < end && (text.charAt(p) == 'e' || text.charAt(p) == 'E')) {
            p++;
            if (p < end && (text.charAt(p) == '+' || text.charAt(p) == '-')) {
                p++;
            }
            int exponent = p;
            while (p < end && isDigit(text.charAt(p))) {
                p++;
            }
            if (p == exponent) {
                return false;
            }
        }
        return p == end && (!integer || acceptsDouble(Double.parseDouble(text.substring(start, end))));
    }

    /** What this path takes, for a message. */
    String takes() {
        return switch (kind) {
            case INTEGER -> range + " (a fraction is truncated), true/false, null, or such a number in a string";
            case FLOAT -> "numbers, true/false, null, or a number, inf or nan in a string";
            case UUID -> "a string of 32 hex digits, plain or dashed 8-4-4-4-12, or null";
            case IPV4 -> "a string a.b.c.d of four numbers from 0 to 255, or null";
        };
    }

    /** 32 hex digits, or 36 characters dashed 8-4-4-4-12 (measured: no braces, no blanks). */
    private static boolean isUuid(String text, int start, int end) {
        int length = end - start;
        if (length != 32 && length != 36) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = text.charAt(start + i);
            if (length == 36 && (i == 8 || i == 13 || i == 18 || i == 23)) {
                if (c != '-') {
                    return false;
                }
            } else if (Character.digit(c, 16) < 0 || c > 'f') {
                return false;
            }
        }
        return true;
    }

    /** Four dot-separated groups of digits, each at most 255 (leading zeros allowed, measured: "001.2.3.04"). */
    private static boolean isIpv4(String text, int start, int end) {
        int groups = 0;
        int i = start;
        while (groups < 4) {
            int value = 0;
            int digits = 0;
            while (i < end && isDigit(text.charAt(i))) {
                value = Math.min(value * 10 + text.charAt(i) - '0', 256);
                i++;
                digits++;
            }
            if (digits == 0 || value > 255) {
                return false;
            }
            groups++;
            if (groups < 4) {
                if (i >= end || text.charAt(i) != '.') {
                    return false;
                }
                i++;
            }
        }
        return i == end;
    }

    private boolean acceptsDouble(double value) {
        return !(value > maxDouble) && !(value < minDouble);   // NaN passes: the server reads it as 0
    }

    /** {@code [+-]digits}: its magnitude against the type's limits, without allocating. */
    private boolean acceptsInteger(String text, int start, int end) {
        boolean negative = text.charAt(start) == '-';
        int i = text.charAt(start) == '-' || text.charAt(start) == '+' ? start + 1 : start;
        long magnitude = 0;
        for (; i < end; i++) {
            int digit = text.charAt(i) - '0';
            // magnitude * 10 + digit must stay within 2^64 - 1 (unsigned)
            if (Long.compareUnsigned(magnitude, 1844674407370955161L) > 0
                    || magnitude == 1844674407370955161L && digit > 5) {
                return false;
            }
            magnitude = magnitude * 10 + digit;
        }
        return magnitude == 0 || Long.compareUnsigned(magnitude, negative ? maxNegative : maxPositive) <= 0;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
