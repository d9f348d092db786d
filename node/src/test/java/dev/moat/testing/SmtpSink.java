package dev.moat.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scriptable SMTP next hop on 127.0.0.1 with a free port, one thread per connection, written
 * on plain sockets so it shares nothing with the client under test. It records connections,
 * every command line, whether a command came in the same read as the one before it, and each
 * message (envelope and the exact data bytes, still dot-stuffed). A script can refuse a
 * recipient with 550 5.1.1, answer any command (or {@value #END_OF_DATA}) with a given line,
 * hold a reply until {@link #release()}, close the connection on a command, leave PIPELINING
 * or EHLO out, and insist on pipelining (read the RCPT before answering MAIL).
 */
public final class SmtpSink implements AutoCloseable {

    /** The name scripts use for the final dot after the data. */
    public static final String END_OF_DATA = "END-OF-DATA";
    private static final Duration AWAIT = Duration.ofSeconds(10);
    /** What {@code respond} returns to end the conversation, or when it has answered itself. */
    private static final String CLOSE = null;
    private static final String ANSWERED = "";

    public record Message(String mailFrom, List<String> recipients, byte[] data) {
    }

    private final ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<String> commands = new ArrayList<>();
    private final List<String> commandsAheadOfReply = new CopyOnWriteArrayList<>();
    private final List<Message> messages = new CopyOnWriteArrayList<>();
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final Set<String> closeOn = ConcurrentHashMap.newKeySet();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile boolean pipelining = true;
    private volatile boolean ehlo = true;
    private volatile boolean insistOnPipelining;

    public SmtpSink() throws IOException {
        this(InetAddress.getLoopbackAddress(), 0);
    }

    /** A sink on {@code address} (a loopback one, such as 127.0.0.2) and {@code port} (0: a free one). */
    public SmtpSink(InetAddress address, int port) throws IOException {
        server = new ServerSocket(port, 50, address);
        var acceptor = new Thread(this::acceptLoop, "smtp-sink-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public SmtpSink refuse(String recipient) {
        refused.add(recipient);
        return this;
    }

    /** Answers the command (MAIL, RCPT, DATA, RSET, ... or END_OF_DATA) with this line. */
    public SmtpSink answer(String verb, String line) {
        answers.put(verb, line);
        return this;
    }

    /** Gives no reply to the command until {@link #release()} (or never). */
    public SmtpSink hold(String verb) {
        held.add(verb);
        return this;
    }

    public void release() {
        released.countDown();
    }

    /** Closes the connection, without a reply, when the command arrives. */
    public SmtpSink closeOn(String verb) {
        closeOn.add(verb);
        return this;
    }

    public SmtpSink withoutPipelining() {
        pipelining = false;
        return this;
    }

    public SmtpSink withoutEhlo() {
        ehlo = false;
        return this;
    }

    public SmtpSink insistingOnPipelining() {
        insistOnPipelining = true;
        return this;
    }

    /** Closes every client connection now, as a next hop does with idle ones. */
    public void dropConnections() throws IOException {
        for (var socket : sockets) {
            socket.close();
        }
    }

    public int connections() {
        return connections.get();
    }

    public List<Message> messages() {
        return List.copyOf(messages);
    }

    public List<String> commands() {
        synchronized (commands) {
            return List.copyOf(commands);
        }
    }

    public List<String> commandsAheadOfReply() {
        return List.copyOf(commandsAheadOfReply);
    }

    /** Waits (without sleeping) until the count-th command starting with prefix has arrived. */
    public void awaitCommand(String prefix, int count) throws InterruptedException {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        synchronized (commands) {
            while (commands.stream().filter(c -> c.startsWith(prefix)).count() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no " + prefix + " #" + count + " in " + commands);
                }
                commands.wait(left / 1_000_000 + 1);
            }
        }
    }

    @Override
    public void close() throws IOException {
        released.countDown();
        server.close();
        dropConnections();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                var socket = server.accept();
                connections.incrementAndGet();
                sockets.add(socket);
                var thread = new Thread(() -> converse(socket), "smtp-sink-" + connections.get());
                thread.setDaemon(true);
                thread.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void converse(Socket socket) {
        try (socket) {
            var in = new BufferedInputStream(socket.getInputStream());
            var out = socket.getOutputStream();
            reply(out, "220 sink.test ESMTP");
            new Session(in, out).run();
        } catch (IOException | InterruptedException e) {
            // The client went away or the sink is closing: the conversation just ends.
        }
    }

    /** One connection's conversation; at most one transaction at a time. */
    private final class Session {
        private final BufferedInputStream in;
        private final OutputStream out;
        private String mailFrom;
        private final List<String> recipients = new ArrayList<>();
        private String pushedBack;

        Session(BufferedInputStream in, OutputStream out) {
            this.in = in;
            this.out = out;
        }

        void run() throws IOException, InterruptedException {
            for (String line; (line = nextCommand()) != null; ) {
                var verb = line.split(" ", 2)[0].toUpperCase(Locale.ROOT);
                if (verb.equals("MAIL") && insistOnPipelining) {
                    // A client that waits for this reply before sending RCPT waits in vain.
                    pushedBack = nextCommand();
                }
                if (closeOn.contains(verb)) {
                    return;
                }
                var answer = respond(verb, line);
                if (answer == null) {
                    return;
                }
                if (!answer.isEmpty()) {
                    send(verb, answer);
                }
                if (verb.equals("QUIT") || answer.startsWith("421")) {
                    return;
                }
            }
        }

        private String respond(String verb, String line) throws IOException, InterruptedException {
            switch (verb) {
                case "EHLO":
                    if (!ehlo) {
                        return "502 5.5.2 Error: command not recognized";
                    }
                    return "250-sink.test\r\n" + (pipelining ? "250-PIPELINING\r\n" : "")
                            + "250-SIZE 10240000\r\n250-8BITMIME\r\n250 ENHANCEDSTATUSCODES";
                case "HELO":
                    return "250 sink.test";
                case "MAIL":
                    mailFrom = line.substring(5);
                    recipients.clear();
                    return answers.getOrDefault(verb, "250 2.1.0 Ok");
                case "RCPT":
                    var recipient = line.substring(line.indexOf('<') + 1, line.lastIndexOf('>'));
                    if (mailFrom == null) {
                        return "503 5.5.1 Error: need MAIL command";
                    }
                    if (refused.contains(recipient)) {
                        return "550 5.1.1 <" + recipient + ">: Recipient address rejected: User unknown";
                    }
                    var rcptAnswer = answers.getOrDefault(verb, "250 2.1.5 Ok");
                    if (rcptAnswer.startsWith("250")) {
                        recipients.add(recipient);
                    }
                    return rcptAnswer;
                case "DATA":
                    if (answers.containsKey(verb)) {
                        return answers.get(verb);
                    }
                    if (recipients.isEmpty()) {
                        return "554 5.5.1 Error: no valid recipients";
                    }
                    send(verb, "354 End data with <CR><LF>.<CR><LF>");
                    var data = readData();
                    if (data == null || closeOn.contains(END_OF_DATA)) {
                        return CLOSE;
                    }
                    messages.add(new Message(mailFrom, List.copyOf(recipients), data));
                    mailFrom = null;
                    recipients.clear();
                    send(END_OF_DATA, answers.getOrDefault(END_OF_DATA, "250 2.0.0 Ok: queued"));
                    return ANSWERED;
                case "RSET":
                    mailFrom = null;
                    recipients.clear();
                    return answers.getOrDefault(verb, "250 2.0.0 Ok");
                case "NOOP":
                    return "250 2.0.0 Ok";
                case "QUIT":
                    return "221 2.0.0 Bye";
                default:
                    return "502 5.5.2 Error: command not recognized";
            }
        }

        /** Sends the answer, unless the script holds replies to this command. */
        private void send(String verb, String answer) throws IOException, InterruptedException {
            if (held.contains(verb)) {
                released.await();
            }
            reply(out, answer);
        }

        private String nextCommand() throws IOException {
            if (pushedBack != null) {
                var line = pushedBack;
                pushedBack = null;
                return line;
            }
            var bytes = readLine(in);
            if (bytes == null) {
                return null;
            }
            var line = new String(bytes, StandardCharsets.UTF_8).stripTrailing();
            if (in.available() > 0) {
                commandsAheadOfReply.add(line);
            }
            synchronized (commands) {
                commands.add(line);
                commands.notifyAll();
            }
            return line;
        }

        /** The data lines exactly as sent, without the final dot line; null if the client left. */
        private byte[] readData() throws IOException {
            var data = new ByteArrayOutputStream();
            for (byte[] line; (line = readLine(in)) != null; ) {
                if (Arrays.equals(line, new byte[] {'.', '\r', '\n'})) {
                    synchronized (commands) {
                        commands.add(END_OF_DATA);
                        commands.notifyAll();
                    }
                    return data.toByteArray();
                }
                data.write(line);
            }
            return null;
        }
    }

    /** One line including its CRLF (a bare LF also ends it); null at end of stream. */
    private static byte[] readLine(InputStream in) throws IOException {
        var line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) >= 0; ) {
            line.write(b);
            if (b == '\n') {
                return line.toByteArray();
            }
        }
        return null;
    }

    private static void reply(OutputStream out, String lines) throws IOException {
        out.write((lines + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
