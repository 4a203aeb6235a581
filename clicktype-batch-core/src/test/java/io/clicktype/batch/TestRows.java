package io.clicktype.batch;

import io.clicktype.batch.encoding.RowBuffer;
import io.clicktype.batch.encoding.RowEncoder;
import io.clicktype.batch.mapping.RowMapping;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A tiny row type with a hand-written encoder, so engine tests don't depend on the mapping step. */
final class TestRows {

    static final TableRef TABLE = TableRef.of("events");

    /** One row: an id (negative ids are invalid) and a payload string. */
    record Event(long id, String text) {
        static Event of(long id) {
            return new Event(id, "e" + id);
        }
    }

    /** Thrown by the encoder for ids equal to {@link #EXPLODE}: kills the worker (an Error, not a rejection). */
    static final long EXPLODE = Long.MIN_VALUE;

    static final RowEncoder<Event> ENCODER = new RowEncoder<>() {
        @Override
        public List<String> columnNames() {
            return List.of("id", "text");
        }

        @Override
        public void validate(Event row) {
            if (row.id() < 0 && row.id() != EXPLODE) {
                throw new RowRejectedException("events", "id", "Column `id` of table `events` is UInt64 but Event.id is "
                        + "negative (long " + row.id() + ")");
            }
        }

        @Override
        public void encode(Event row, RowBuffer out) {
            if (row.id() == EXPLODE) {
                throw new AssertionError("encoder exploded");
            }
            out.writeLongLE(row.id());
            byte[] text = row.text().getBytes(StandardCharsets.UTF_8);
            out.writeVarUInt(text.length);
            out.writeBytes(text, 0, text.length);
        }
    };

    static final RowMapping<Event> MAPPING = new RowMapping<>(TABLE, ENCODER, List.of());

    /** Decodes the ids of a payload written by {@link #ENCODER}. */
    static List<Long> ids(byte[] payload, int length) {
        ByteBuffer in = ByteBuffer.wrap(payload, 0, length).order(ByteOrder.LITTLE_ENDIAN);
        List<Long> ids = new ArrayList<>();
        while (in.hasRemaining()) {
            ids.add(in.getLong());
            int len = 0;
            int shift = 0;
            byte b;
            do {
                b = in.get();
                len |= (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            in.position(in.position() + len);
        }
        return ids;
    }

    private TestRows() {
    }
}
