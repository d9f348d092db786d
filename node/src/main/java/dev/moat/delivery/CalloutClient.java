package dev.moat.delivery;

import dev.moat.delivery.CalloutAnswer.Outcome;
import dev.moat.mail.Reply;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The SMTP side of Reverse Connect, on the hand-off's own client ({@link SmtpConnection} with
 * its {@link ReplyDecoder}, the same bootstrap): to each MX address in the order given, on
 * {@code port}, it says EHLO (HELO when EHLO is refused), {@code MAIL FROM:<>}, {@code RCPT
 * TO:<address>} and QUIT. A host that cannot be talked to (connection refused or not made within
 * the connect timeout, no greeting or reply within the reply timeout, closed, 421) is left for
 * the next one; the first host that answers the MAIL decides. The whole callout ends at the total
 * timeout, whatever is under way. Everything runs on an event loop of the group, which never
 * blocks; the answer is a value ({@link CalloutAnswer}), never an exception.
 */
public final class CalloutClient {

    /** One callout's settings: the port, this node's EHLO name and the three timeouts. */
    public record Options(int port, String heloName, Duration connectTimeout, Duration replyTimeout,
            Duration totalTimeout) {
        public Options {
            Objects.requireNonNull(heloName, "heloName");
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(replyTimeout, "replyTimeout");
            Objects.requireNonNull(totalTimeout, "totalTimeout");
        }
    }

    private final EventLoopGroup group;
    private final Bootstrap bootstrap;

    public CalloutClient(EventLoopGroup group) {
        this.group = Objects.requireNonNull(group, "group");
        this.bootstrap = RelayDelivery.clientBootstrap(group, Duration.ofSeconds(5));
    }

    /** Asks the MX {@code hosts}, best first, whether they take mail for {@code address}. */
    public CompletionStage<CalloutAnswer> call(List<InetAddress> hosts, String address, Options options) {
        if (Replies.hasControlCharacter(address)) {
            throw new IllegalArgumentException("control character in the address");
        }
        EventLoop loop = group.next();
        var call = new Call(loop, List.copyOf(hosts), address, options);
        var timer = loop.schedule(call::timedOut, options.totalTimeout().toNanos(), TimeUnit.NANOSECONDS);
        call.answer.whenComplete((answer, failure) -> timer.cancel(false));
        loop.execute(() -> call.next(0));
        return call.answer;
    }

    /** One callout: the host being talked to, and what each host that failed said. */
    private final class Call {
        final CompletableFuture<CalloutAnswer> answer = new CompletableFuture<>();
        final AtomicReference<SmtpConnection> current = new AtomicReference<>();
        final List<String> failures = new ArrayList<>();
        final EventLoop loop;
        final List<InetAddress> hosts;
        final String address;
        final Options options;
        final Bootstrap withTimeout;

        Call(EventLoop loop, List<InetAddress> hosts, String address, Options options) {
            this.loop = loop;
            this.hosts = hosts;
            this.address = address;
            this.options = options;
            this.withTimeout = bootstrap.clone().option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                    (int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis()));
        }

        void next(int index) {
            if (answer.isDone()) {
                return;
            }
            if (index == hosts.size()) {
                answer.complete(new CalloutAnswer(Outcome.UNREACHABLE, "", hosts.isEmpty() ? "no MX host address"
                        : String.join("; ", failures)));
                return;
            }
            InetAddress host = hosts.get(index);
            Duration reply = options.replyTimeout();
            var relay = new RelayOptions(host.getHostAddress(), options.port(), options.heloName(),
                    options.connectTimeout(), reply, reply, 1, reply);
            var connection = SmtpConnection.open(withTimeout, loop, relay,
                    CompletableFuture.completedFuture(new InetSocketAddress(host, options.port())));
            current.set(connection);
            if (answer.isDone()) {
                connection.close();
                return;
            }
            String name = relay.hostAndPort();
            connection.ready().thenRun(() -> {
                if (connection.isBroken()) {
                    failed(connection, index);
                    return;
                }
                connection.command("MAIL FROM:<>", reply).thenAccept(mail -> {
                    if (mail == connection.failure()) {
                        failed(connection, index);
                    } else if (mail.code() != 250) {
                        finish(connection, Outcome.NULL_SENDER_REFUSED, name, mail);
                    } else {
                        connection.command("RCPT TO:<" + address + ">", reply).thenAccept(rcpt -> {
                            if (rcpt == connection.failure()) {
                                failed(connection, index);
                            } else {
                                finish(connection, rcpt.isPositive() ? Outcome.ACCEPTED
                                        : rcpt.isPermanent() ? Outcome.REFUSED : Outcome.TEMPORARY, name, rcpt);
                            }
                        });
                    }
                });
            });
        }

        private void failed(SmtpConnection connection, int index) {
            failures.add(connection.failure().text().get(0));
            next(index + 1);
        }

        private void finish(SmtpConnection connection, Outcome outcome, String host, Reply reply) {
            connection.quit();
            answer.complete(new CalloutAnswer(outcome, host, Replies.brief(reply)));
        }

        void timedOut() {
            if (answer.complete(new CalloutAnswer(Outcome.TIMEOUT, "", "no answer within "
                    + Replies.format(options.totalTimeout()) + (failures.isEmpty() ? "" : "; " + String.join("; ", failures))))) {
                var connection = current.get();
                if (connection != null) {
                    connection.close();
                }
            }
        }
    }
}
