package dev.moat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * HTTP written by hand over a real socket, for requests no well-behaved client sends: the
 * bytes go out as given, and the answer is read until the server closes the connection.
 */
final class RawHttp {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What came back: the status code (0 when nothing did), the head and the body. */
    record Answer(int status, String head, String body, boolean closed) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }

        String error() throws IOException {
            return json().path("error").asText();
        }
    }

    private RawHttp() {
    }

    static Answer exchange(int port, String request) throws IOException {
        return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    static Answer exchange(int port, byte[] request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            return read(socket.getInputStream());
        }
    }

    /** Reads an answer until the server closes, or 15 s pass (then {@code closed} is false). */
    static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean closed = true;
        try {
            in.transferTo(bytes);
        } catch (SocketTimeoutException e) {
            closed = false;
        } catch (IOException e) {
            // A reset after the answer still leaves the answer readable.
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        int split = text.indexOf("\r\n\r\n");
        String head = split < 0 ? text : text.substring(0, split);
        String body = split < 0 ? "" : text.substring(split + 4);
        int status = text.startsWith("HTTP/1.1 ") && text.length() >= 12 ? Integer.parseInt(text.substring(9, 12)) : 0;
        return new Answer(status, head, body, closed);
    }
}
