package dev.moat.smtp;

import dev.moat.mail.Reply;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** What a session answers to a line: the replies to send, then what the connection does next. */
record SmtpResponse(List<Reply> replies, Next next) {

    /** What the connection does after the replies are written. */
    enum Next { READ, START_TLS, CLOSE }

    /** Nothing to send: read the next line (a line of message text). */
    static final CompletionStage<SmtpResponse> CONTINUE =
            CompletableFuture.completedFuture(new SmtpResponse(List.of(), Next.READ));

    static SmtpResponse of(Reply reply) {
        return new SmtpResponse(List.of(reply), Next.READ);
    }

    /** One reply, at once. */
    static CompletionStage<SmtpResponse> now(Reply reply) {
        return CompletableFuture.completedFuture(of(reply));
    }

    /** Replies, then the connection closes. */
    static SmtpResponse closing(List<Reply> replies) {
        return new SmtpResponse(replies, Next.CLOSE);
    }
}
