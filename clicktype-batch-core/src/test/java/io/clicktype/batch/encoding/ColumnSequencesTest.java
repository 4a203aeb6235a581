package io.clicktype.batch.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The specialised chain writes and rejects exactly as the plain loop, across link boundaries. */
class ColumnSequencesTest {

    /** Column {@code i} writes byte {@code i + row[0]} and rejects a row whose {@code row[1]} is {@code i}. */
    private static List<ColumnEncoder<int[]>> columns(int count) {
        List<ColumnEncoder<int[]>> columns = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int index = i;
            columns.add(ColumnEncoder.ofLong("c" + i, "int", "UInt8", row -> {
                if (row[1] == index) {
                    throw new ValueRejectedException("column " + index + " refuses the row");
                }
                return index + row[0];
            }, IntegerWriter.of("UInt8"), false));
        }
        return columns;
    }

    private static byte[] encode(ColumnSequence<int[]> sequence, int[] row) {
        RowBuffer out = new RowBuffer(0);
        sequence.encode(row, out);
        return Arrays.copyOf(out.array(), out.size());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 15, 16, 17, 32, 33, 70})
    void chainIsSpecialisedAndWritesWhatTheLoopWrites(int count) {
        List<ColumnEncoder<int[]>> columns = columns(count);
        ColumnSequence<int[]> chain = ColumnSequences.of(columns);
        ColumnSequence<int[]> loop = new ColumnLoop<>(columns);
        int[] row = {3, -1};

        assertThat(chain.getClass().isHidden()).as("specialised chain").isTrue();
        assertThat(encode(chain, row)).hasSize(count).isEqualTo(encode(loop, row));
        assertThat(encode(chain, row)[count - 1]).isEqualTo((byte) (count - 1 + 3));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 5, 15, 16, 17, 31, 32, 69})
    void rejectionNamesTheColumnInAnyLink(int rejecting) {
        ColumnSequence<int[]> chain = ColumnSequences.of(columns(70));
        int[] row = {0, rejecting};

        assertThatThrownBy(() -> chain.encode(row, new RowBuffer(0)))
                .isInstanceOfSatisfying(ColumnRejection.class, e -> {
                    assertThat(e.column()).isEqualTo(rejecting);
                    assertThat(e.reason()).hasMessage("column " + rejecting + " refuses the row");
                });
        assertThatThrownBy(() -> chain.validate(row))
                .isInstanceOfSatisfying(ColumnRejection.class, e -> assertThat(e.column()).isEqualTo(rejecting));
    }

    @Test
    void withoutAUsableTemplateTheLoopWritesTheSameBytes() {
        List<ColumnEncoder<int[]>> columns = columns(20);
        int[] row = {7, -1};
        byte[] expected = encode(ColumnSequences.of(columns), row);

        ColumnSequence<int[]> unreadable = ColumnSequences.of(columns, null);
        ColumnSequence<int[]> malformed = ColumnSequences.of(columns, new byte[] {(byte) 0xCA, (byte) 0xFE});

        assertThat(unreadable).isInstanceOf(ColumnLoop.class);
        assertThat(malformed).isInstanceOf(ColumnLoop.class);
        assertThat(encode(unreadable, row)).isEqualTo(expected);
        assertThat(encode(malformed, row)).isEqualTo(expected);
    }

    @Test
    void noColumnsIsAnEmptyLoop() {
        assertThat(encode(ColumnSequences.of(List.of()), new int[] {0, -1})).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 16, 40})
    void loopNamesTheRejectingColumnToo(int rejecting) {
        ColumnSequence<int[]> loop = new ColumnLoop<>(columns(41));

        assertThatThrownBy(() -> loop.encode(new int[] {0, rejecting}, new RowBuffer(0)))
                .isInstanceOfSatisfying(ColumnRejection.class, e -> assertThat(e.column()).isEqualTo(rejecting));
    }
}
