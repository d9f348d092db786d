package dev.moat;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;

/**
 * An SMTP client on a plain socket that sends exactly the bytes it is given (bare LF, NUL,
 * malformed endings) from a chosen loopback source address, and reads whole replies.
 */
final class RawSmtp implements AutoCloseable {
    private final Socket socket;
    private final BufferedInputStream in;
    private final OutputStream out;

    RawSmtp(int port, String sourceAddress) throws IOException {
        socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(sourceAddress), 0));
        socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 10_000);
        socket.setSoTimeout(20_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /**
     * A whole clean session from 127.0.0.1 (a Client): greeting to 221, one message from
     * {@code from} to {@code to} accepted with 250 after its data.
     */
    static void oneMessage(int port, String from, String to) throws IOException {
        try (var smtp = new RawSmtp(port, "127.0.0.1")) {
            smtp.expect("220 ");
            smtp.send("EHLO clean.example").expect("250");
            smtp.send("MAIL FROM:<" + from + ">").expect("250 ");
            smtp.send("RCPT TO:<" + to + ">").expect("250 ");
            smtp.send("DATA").expect("354 ");
            smtp.send("Subject: clean").send("").send("not a guess").send(".").expect("250 ");
            smtp.send("QUIT").expect("221 ");
        }
    }

    /** Sends one line with its CRLF. */
    RawSmtp send(String line) throws IOException {
        return raw(line + "\r\n");
    }

    /** Sends the bytes as given, one octet per char. */
    RawSmtp raw(String bytes) throws IOException {
        out.write(bytes.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return this;
    }

    /**
     * Sends the bytes in writes of {@code size} octets each, Nagle's delay off, so that they
     * arrive in many segments and the server reads lines in pieces.
     */
    RawSmtp pieces(String bytes, int size) throws IOException {
        socket.setTcpNoDelay(true);
        byte[] all = bytes.getBytes(StandardCharsets.ISO_8859_1);
        for (int at = 0; at < all.length; at += size) {
            out.write(all, at, Math.min(size, all.length - at));
            out.flush();
        }
        return this;
    }

    /** The next whole reply, its lines joined with newlines; null when the server closed the connection. */
    String reply() throws IOException {
        var lines = new ArrayList<String>();
        while (true) {
            var line = readLine();
            if (line == null) {
                return lines.isEmpty() ? null : String.join("\n", lines);
            }
            lines.add(line);
            if (line.length() < 4 || line.charAt(3) == ' ') {
                return String.join("\n", lines);
            }
        }
    }

    /** Asserts the next reply starts with {@code prefix}; returns it. */
    String expect(String prefix) throws IOException {
        var reply = reply();
        assertTrue(reply != null && reply.startsWith(prefix), "expected '" + prefix + "' but got '" + reply + "'");
        return reply;
    }

    private String readLine() throws IOException {
        var line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) >= 0; ) {
            if (b == '\n') {
                var text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
