package dev.moat.smtp;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * Binary (v2) PROXY protocol headers built by hand from HAProxy's {@code proxy-protocol.txt},
 * section 2.2, so the decoder under test is not also the one that wrote them.
 */
final class ProxyHeaders {
    private static final byte[] SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    static final int LOCAL = 0x0;
    static final int PROXY = 0x1;
    static final int UNSPECIFIED = 0x00;
    static final int TCP_OVER_IPV4 = 0x11;
    static final int TCP_OVER_IPV6 = 0x21;

    private ProxyHeaders() {
    }

    /** A v2 PROXY header for a TCP connection from source to destination (both IPv4 or both IPv6). */
    static byte[] v2(String source, int sourcePort, String destination, int destinationPort) {
        var from = literal(source);
        var to = literal(destination);
        var addresses = ByteBuffer.allocate(from.length * 2 + 4).put(from).put(to)
                .putShort((short) sourcePort).putShort((short) destinationPort).array();
        return v2(PROXY, from.length == 4 ? TCP_OVER_IPV4 : TCP_OVER_IPV6, addresses);
    }

    /** Any v2 header: the command, the family and transport byte, and the address block as given. */
    static byte[] v2(int command, int familyAndTransport, byte[] addresses) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(SIGNATURE);
        out.write(0x20 | command);
        out.write(familyAndTransport);
        out.write(addresses.length >> 8);
        out.write(addresses.length & 0xff);
        out.writeBytes(addresses);
        return out.toByteArray();
    }

    static byte[] v2Local() {
        return v2(LOCAL, UNSPECIFIED, new byte[0]);
    }

    static byte[] concat(byte[] first, byte[] second) {
        var out = new byte[first.length + second.length];
        System.arraycopy(first, 0, out, 0, first.length);
        System.arraycopy(second, 0, out, first.length, second.length);
        return out;
    }

    private static byte[] literal(String address) {
        try {
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }
}
