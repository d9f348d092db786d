package dev.moat.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A plain-socket SMTP client for end-to-end tests that must write exactly the command a trick
 * needs (quoted local parts, source routes, bang paths), from a chosen loopback address.
 * {@link #send} writes one line and answers the last line of the reply.
 */
public final class SmtpConversation implements AutoCloseable {
    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    private SmtpConversation(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        this.out = socket.getOutputStream();
    }

    /** Connects from {@code source} to 127.0.0.1:{@code port} and reads the greeting. */
    public static SmtpConversation open(int port, String source) throws IOException {
        var socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
        socket.setSoTimeout(20_000);
        var conversation = new SmtpConversation(socket);
        String greeting = conversation.reply();
        if (!greeting.startsWith("220")) {
            socket.close();
            throw new IOException("not greeted: " + greeting);
        }
        return conversation;
    }

    public String send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return reply();
    }

    /** The last line of the next reply. */
    public String reply() throws IOException {
        for (String line; (line = in.readLine()) != null; ) {
            if (line.length() < 4 || line.charAt(3) != '-') {
                return line;
            }
        }
        throw new IOException("connection closed");
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
