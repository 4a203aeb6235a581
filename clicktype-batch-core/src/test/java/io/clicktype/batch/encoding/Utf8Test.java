package io.clicktype.batch.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Utf8Test {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 42, 126, 127, 128, 129, 300, 20_000})
    void writesTheSameBytesAsTheJdkAroundTheFastPathsBoundaries(int length) {
        String ascii = "a".repeat(length);
        assertThat(written(ascii)).isEqualTo(expected(ascii));
        if (length > 0) {
            String lateUnicode = "b".repeat(length - 1) + "é";
            assertThat(written(lateUnicode)).isEqualTo(expected(lateUnicode));
            String supplementary = "c".repeat(length - 1) + "\uD83D\uDE00";
            assertThat(written(supplementary)).isEqualTo(expected(supplementary));
        }
    }

    /**
     * The short-string path copies the low byte of each char and checks the chars afterwards; a
     * char above U+00FF whose low byte is ASCII (U+0141 'Ł' is 0x41 'A' truncated) must still be
     * caught, wherever it sits.
     */
    @ParameterizedTest
    @ValueSource(strings = {"\u0141", "a\u0141b", "ab\u4E41", "\u00E9t\u00E9", "caf\u00E9",
            "\u0000\u007F", "\u0080", "\u00FF"})
    void shortStringsWithCharsOutsideAsciiAreEncodedAsUtf8(String s) {
        assertThat(written(s)).isEqualTo(expected(s));
    }

    /** UTF-8 has no form for an unpaired surrogate: refused on every path, never written as {@code '?'}. */
    @ParameterizedTest
    @ValueSource(strings = {"x\uD800y", "\uDE00", "\uD83D", "ab\uDE00\uD83D", "long enough to take the general path \uD800"})
    void anUnpairedSurrogateIsRefusedNeverWrittenAsQuestionMark(String s) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Utf8.checkPaired(s))
                .isInstanceOf(ValueRejectedException.class).hasMessageContaining("unpaired UTF-16 surrogate");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> written(s)).isInstanceOf(ValueRejectedException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Utf8.length(s))
                .isInstanceOf(ValueRejectedException.class);
    }

    private static byte[] written(String s) {
        RowBuffer out = new RowBuffer(4);
        out.writeByte(0x7E);
        Utf8.writeWithLength(s, out);
        byte[] bytes = new byte[out.size()];
        System.arraycopy(out.array(), 0, bytes, 0, out.size());
        return bytes;
    }

    private static byte[] expected(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x7E);
        long v = utf8.length;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
        out.writeBytes(utf8);
        return out.toByteArray();
    }
}
