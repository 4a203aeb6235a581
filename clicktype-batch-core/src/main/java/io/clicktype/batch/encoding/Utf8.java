package io.clicktype.batch.encoding;

/**
 * Encodes strings as UTF-8 straight into a {@link RowBuffer}, without a temporary array. Unpaired
 * surrogates become {@code '?'}, as {@link String#getBytes} does.
 */
final class Utf8 {

    private Utf8() {
    }

    /** Number of UTF-8 bytes of {@code s}. */
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
                    bytes += 0;  // becomes '?'
                } else {
                    bytes += 2;
                }
            }
        }
        return bytes;
    }

    /** Writes the {@code length} UTF-8 bytes of {@code s} (as computed by {@link #length}). */
    static void write(String s, int length, RowBuffer out) {
        int offset = out.reserve(length);
        byte[] b = out.array();
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
                b[offset++] = '?';
            } else {
                b[offset++] = (byte) (0xE0 | c >> 12);
                b[offset++] = (byte) (0x80 | c >> 6 & 0x3F);
                b[offset++] = (byte) (0x80 | c & 0x3F);
            }
        }
    }
}
