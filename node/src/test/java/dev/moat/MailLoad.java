package dev.moat;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/**
 * SMTP load from a real client (Jakarta Mail): a few senders, each sending one message after
 * another to the nodes in turn, as a sending mail server does; a message that gets anything but
 * 250 (a 4xx, a refused or cut connection) is tried again on the next node until it gets one.
 * It records each message that got 250 by its {@code X-Load-Id}, to be looked for at the next hop.
 */
final class MailLoad implements AutoCloseable {
    private final IntUnaryOperator smtpPort;
    private final int nodes;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Set<String> accepted = ConcurrentHashMap.newKeySet();
    private final AtomicInteger retried = new AtomicInteger();
    private final AtomicInteger sequence = new AtomicInteger();
    private final List<Thread> senders;

    MailLoad(int nodes, IntUnaryOperator smtpPort, int senders) {
        this.nodes = nodes;
        this.smtpPort = smtpPort;
        this.senders = java.util.stream.IntStream.range(0, senders)
                .mapToObj(s -> {
                    var thread = new Thread(() -> send(s), "mail-load-" + s);
                    thread.setDaemon(true);
                    thread.start();
                    return thread;
                }).toList();
    }

    private void send(int sender) {
        int node = sender % nodes;
        while (running.get()) {
            var id = "load-" + sequence.incrementAndGet();
            while (true) {
                node = node % nodes + 1;
                if (sendOnce(node, id)) {
                    accepted.add(id);
                    break;
                }
                retried.incrementAndGet();
                if (!running.get()) {
                    return;
                }
            }
        }
    }

    private boolean sendOnce(int node, String id) {
        var properties = new Properties();
        properties.put("mail.smtp.host", "127.0.0.1");
        properties.put("mail.smtp.port", String.valueOf(smtpPort.applyAsInt(node)));
        properties.put("mail.smtp.localhost", "load.example");
        properties.put("mail.smtp.connectiontimeout", "3000");
        properties.put("mail.smtp.timeout", "20000");
        var session = Session.getInstance(properties);
        try (Transport transport = session.getTransport("smtp")) {
            var message = new MimeMessage(session);
            message.setFrom(new InternetAddress("load@moat.test"));
            message.setRecipients(jakarta.mail.Message.RecipientType.TO, "friend@elsewhere.example");
            message.setSubject(id);
            message.setHeader("X-Load-Id", id);
            message.setText("load message " + id + "\n");
            transport.connect();
            transport.sendMessage(message, message.getAllRecipients());
            return true;
        } catch (MessagingException | IllegalStateException e) {
            return false;
        }
    }

    /** The messages that got 250 so far. */
    Set<String> accepted() {
        return Set.copyOf(accepted);
    }

    int retried() {
        return retried.get();
    }

    /** Stops sending and waits for the messages in flight. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (var sender : senders) {
            sender.join(60_000);
        }
    }
}
