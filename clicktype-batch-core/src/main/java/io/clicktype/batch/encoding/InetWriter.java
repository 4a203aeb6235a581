package io.clicktype.batch.encoding;

import java.net.Inet4Address;
import java.net.Inet6Address;

/**
 * IPv4 (UInt32 little-endian of the address read as a big-endian number) and IPv6 (16 bytes in
 * network order; an IPv4 address is written as {@code ::ffff:a.b.c.d}). An IPv6 address into an
 * IPv4 column is rejected.
 */
public final class InetWriter extends ValueWriter {

    private final boolean v6;

    /** @param family {@code IPv4} or {@code IPv6} */
    public InetWriter(String family) {
        super(family);
        this.v6 = family.equals("IPv6");
    }

    @Override
    protected void checkNonNull(Object value) {
        if (!(value instanceof Inet4Address || v6 && value instanceof Inet6Address)) {
            throw value instanceof Inet6Address
                    ? new ValueRejectedException("an IPv6 address cannot be written to IPv4; use an IPv6 column")
                    : wrongClass(value);
        }
    }

    @Override
    protected void writeNonNull(Object value, RowBuffer out) {
        checkNonNull(value);
        byte[] address = ((java.net.InetAddress) value).getAddress();
        if (!v6) {
            out.writeIntLE((address[0] & 0xFF) << 24 | (address[1] & 0xFF) << 16 | (address[2] & 0xFF) << 8
                    | address[3] & 0xFF);
        } else if (address.length == 4) {
            out.writeZeros(10);
            out.writeByte(0xFF);
            out.writeByte(0xFF);
            out.writeBytes(address, 0, 4);
        } else {
            out.writeBytes(address, 0, 16);
        }
    }
}
