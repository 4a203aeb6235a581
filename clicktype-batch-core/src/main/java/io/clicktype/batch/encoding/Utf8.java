package io.clicktype.batch.encoding;

/**
 * Encodes strings as UTF-8 straight into a {@link RowBuffer}, without a temporary array. A string with an unpaired
 * UTF-16 surrogate has no UTF-8 form: it is refused ({@link #checkPaired}, also on the caller's thread before a row
 * is accepted), never bent into {@code '?'} as {@link String#getBytes} would.
 */
final class Utf8 {

    private Utf8() {
    }

    /**
     * Refuses {@code s} when it holds an unpaired surrogate (a high surrogate not followed by a low one, or a low one
     * alone): UTF-8 cannot encode it, and {@code String.getBytes} would store {@code '?'} in its place.
     *
     * @throws ValueRejectedException naming the position and the char, and the fix
     */
    static void checkPaired(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    throw unpaired(c, i);
                }
            }
        }
    }

    private static ValueRejectedException unpaired(char c, int index) {
        return new ValueRejectedException(String.format("a string with an unpaired UTF-16 surrogate (U+%04X at index "
                + "%d) has no UTF-8 form and would be stored as '?'; remove or replace it before insert (e.g. "
                + "new String(s.getBytes(UTF_8), UTF_8) turns it into '?' explicitly), or send the raw bytes as "
                + "byte[]", (int) c, index));
    }

    /** Number of UTF-8 bytes of {@code s}; refuses an unpaired surrogate. */
    static int length(String s) {
        int n = s.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes += 1;
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    bytes += 2;  // 4 bytes for 2 chars
                    i++;
                } else if (Character.isSurrogate(c)) {
                    throw unpaired(c, i);
                } else {
                    bytes += 2;
                }
            }
        }
        return bytes;
    }

    /**
     * Writes {@code s} as a RowBinary String (varint byte length, then UTF-8) in one pass: room
     * for the worst case (3 bytes per char) is reserved, the chars are encoded, and the length
     * prefix is filled in afterwards (moving the bytes only when the prefix is shorter than
     * reserved, e.g. 50 ASCII chars).
     */
    static void writeWithLength(String s, RowBuffer out) {
        int n = s.length();
        if (n < 0x80) {
            // Most strings are short and ASCII: one length byte, then the JDK's bulk copy of each char's low
            // byte (an array copy for Latin-1 strings), then one pass over the chars to prove they were all
            // ASCII. Java 17 has no allocation-free call that copies and checks at once; a loop that checks
            // and stores char by char is ~25 % slower on the benchmark row. Any char >= 0x80 (including
            // chars above U+00FF, whose low byte may look like ASCII) sends the string down the general path.
            int start = out.reserve(n + 1);
            byte[] b = out.array();
            b[start] = (byte) n;
            int offset = start + 1;
            s.getBytes(0, n, b, offset);
            int seen = 0;
            for (int i = 0; i < n; i++) {
                seen |= s.charAt(i);
            }
            if (seen >= 0x80) {
                out.truncate(start);
                writeGeneral(s, out);
            }
            return;
        }
        writeGeneral(s, out);
    }

    private static void writeGeneral(String s, RowBuffer out) {
        int n = s.length();
        long worst = 3L * n;
        int prefix = varIntSize(worst);
        int start = out.size();
        out.reserve(prefix + (int) worst);
        byte[] b = out.array();
        int end = encode(s, b, start + prefix);
        int length = end - start - prefix;
        int actualPrefix = varIntSize(length);
        if (actualPrefix != prefix) {
            System.arraycopy(b, start + prefix, b, start + actualPrefix, length);
        }
        int i = start;
        long v = length;
        while ((v & ~0x7FL) != 0) {
            b[i++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        b[i] = (byte) v;
        out.truncate(start + actualPrefix + length);
    }

    private static int varIntSize(long value) {
        int size = 1;
        while ((value & ~0x7FL) != 0) {
            value >>>= 7;
            size++;
        }
        return size;
    }

    /** Writes the {@code length} UTF-8 bytes of {@code s} (as computed by {@link #length}). */
    static void write(String s, int length, RowBuffer out) {
        int offset = out.reserve(length);
        encode(s, out.array(), offset);
    }

    /** Encodes {@code s} into {@code b} from {@code offset}; returns the end offset. */
    private static int encode(String s, byte[] b, int offset) {
        int n = s.length();
        int i = 0;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                break;
            }
            b[offset++] = (byte) c;
        }
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                b[offset++] = (byte) c;
            } else if (c < 0x800) {
                b[offset++] = (byte) (0xC0 | c >> 6);
                b[offset++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                b[offset++] = (byte) (0xF0 | cp >> 18);
                b[offset++] = (byte) (0x80 | cp >> 12 & 0x3F);
                b[offset++] = (byte) (0x80 | cp >> 6 & 0x3F);
                b[offset++] = (byte) (0x80 | cp & 0x3F);
            } else if (Character.isSurrogate(c)) {
                throw unpaired(c, i);
            } else {
                b[offset++] = (byte) (0xE0 | c >> 12);
                b[offset++] = (byte) (0x80 | c >> 6 & 0x3F);
                b[offset++] = (byte) (0x80 | c & 0x3F);
            }
        }
        return offset;
    }
}
