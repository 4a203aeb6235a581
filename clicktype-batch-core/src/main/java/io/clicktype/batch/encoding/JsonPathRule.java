package io.clicktype.batch.encoding;

/**
 * What one typed path of a JSON column ({@code JSON(a.b UInt32)}) takes when the document arrives as JSON text,
 * as ClickHouse 26.7 converts it (measured value by value, see {@code JsonTypedPathsIT}; ClickHouse docs, "JSON
 * data type", "Typed paths"). Integers: a JSON integer in the type's range; a JSON number with a fraction or an
 * exponent whose double value lies within [min, max] (then truncated); {@code true}/{@code false}; {@code null}
 * (the default); a string holding such a number ({@code "+5"}, {@code "1.5"}, {@code "1e2"}, {@code "nan"}) —
 * but no object, array, blank or other text. {@code Bool} reads as {@code UInt8}. Floats: any number, boolean or
 * null, and a string holding a number, {@code inf} or {@code nan}. Any other type is left to the server.
 * Immutable, thread-safe.
 */
public final class JsonPathRule {

    private final String type;
    private final boolean integer;
    private final long maxPositive;   // unsigned magnitude
    private final long maxNegative;   // unsigned magnitude, 0 for unsigned types
    private final double maxDouble;
    private final double minDouble;
    private final String range;

    private JsonPathRule(String type, boolean integer, long maxPositive, long maxNegative, double maxDouble,
                         double minDouble, String range) {
        this.type = type;
        this.integer = integer;
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
            case "Float32", "Float64" -> new JsonPathRule(type, false, 0, 0, 0, 0, null);
            default -> null;
        };
    }

    /** Any JSON integer ClickHouse reads at all, as Int64 or UInt64: -2^63 to 2^64 - 1. */
    static JsonPathRule integerLimits() {
        return new JsonPathRule("Int64 or UInt64", true, -1L, Long.MIN_VALUE, Math.nextDown(0x1p64), -0x1p63,
                "whole numbers from -9223372036854775808 to 18446744073709551615");
    }

    private static JsonPathRule signed(String type, int bits) {
        long max = bits == 63 ? Long.MAX_VALUE : (1L << bits) - 1;
        // The largest double <= max: 2^63 - 1 is no double, so Int64 stops below 2^63 (measured: 2^63 is refused).
        double maxDouble = bits == 63 ? Math.nextDown(0x1p63) : max;
        return new JsonPathRule(type, true, max, max + 1, maxDouble, Math.scalb(-1.0, bits),
                "whole numbers from " + (-max - 1) + " to " + max);
    }

    private static JsonPathRule unsigned(String type, int bits) {
        long max = bits == 64 ? -1L : (1L << bits) - 1;
        double maxDouble = bits == 64 ? Math.nextDown(0x1p64) : max;
        return new JsonPathRule(type, true, max, 0, maxDouble, 0, "whole numbers from 0 to "
                + Long.toUnsignedString(max) + (type.equals("Bool") ? " (0 is false)" : ""));
    }

    /** The path's ClickHouse type. */
    public String type() {
        return type;
    }

    /** Whether a JSON number literal {@code text[start, end)} converts; {@code fraction}: it has '.' or 'e'. */
    boolean acceptsNumber(String text, int start, int end, boolean fraction) {
        if (!integer) {
            return true;
        }
        return fraction ? acceptsDouble(Double.parseDouble(text.substring(start, end)))
                : acceptsInteger(text, start, end);
    }

    /** Whether the content {@code text[start, end)} of a JSON string (no escapes) converts. */
    boolean acceptsString(String text, int start, int end) {
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
        return integer ? range + " (a fraction is truncated), true/false, null, or such a number in a string"
                : "numbers, true/false, null, or a number, inf or nan in a string";
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
