package dev.moat.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The load of {@code bench/load.sh} for messages that are refused at RCPT, which Postfix's
 * {@code smtp-source} cannot send (it stops at the first refused recipient): {@code sessions}
 * threads each open a new connection per message from 127.0.0.1, send EHLO, MAIL, RCPT and QUIT
 * pipelined, and read to the close, counting the sessions whose RCPT got a 5xx. Prints the
 * messages a second and the counts. Run with
 * {@code java -cp ... dev.moat.bench.RefusedAtRcptLoad PORT [messages] [sessions]}.
 */
public final class RefusedAtRcptLoad {
    private static final byte[] DIALOGUE = ("EHLO client.bench.example\r\nMAIL FROM:<sender@bench.example>\r\n"
            + "RCPT TO:<rcpt@moat.test>\r\nQUIT\r\n").getBytes(StandardCharsets.US_ASCII);

    private RefusedAtRcptLoad() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int sessions = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        var left = new AtomicInteger(messages);
        var refused = new LongAdder();
        var failed = new LongAdder();
        ExecutorService pool = Executors.newFixedThreadPool(sessions);
        long start = System.nanoTime();
        for (int i = 0; i < sessions; i++) {
            pool.execute(() -> {
                while (left.getAndDecrement() > 0) {
                    try {
                        if (refusedAtRcpt(port)) {
                            refused.increment();
                        } else {
                            failed.increment();
                        }
                    } catch (IOException e) {
                        failed.increment();
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%.0f msg/s %d refused %d failed%n", messages / seconds, refused.sum(), failed.sum());
    }

    /** One session; true when its RCPT was answered with a 5xx and the session ended with 221. */
    private static boolean refusedAtRcpt(int port) throws IOException {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            StringBuilder seen = new StringBuilder(512);
            byte[] buffer = new byte[2048];
            boolean sent = false;
            for (int n; (n = in.read(buffer)) >= 0; ) {
                seen.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
                if (!sent && seen.indexOf("\r\n") >= 0) {
                    out.write(DIALOGUE);
                    out.flush();
                    sent = true;
                }
            }
            String text = seen.toString();
            return text.contains("\r\n550 5.7.1") && text.contains("\r\n221 ");
        }
    }
}
