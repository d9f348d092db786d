package dev.moat.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.mail.HeaderField;
import dev.moat.mail.Reply;
import dev.moat.policy.Check;
import dev.moat.policy.CheckContext;
import dev.moat.policy.ImmediateCheck;
import dev.moat.policy.LineCheck;
import dev.moat.policy.MessageFacts;
import dev.moat.policy.Stage;
import dev.moat.policy.Verdict;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The message seam in a conversation: line checks see each header field (wrapped ones whole)
 * and each dot-unstuffed body line as DATA streams, their first refusal answers the end of
 * DATA and the session goes on; the checks at the end of DATA see the header fields and size.
 */
class MessageSeamDialogueTest {
    private static final String MESSAGE = String.join("\r\n",
            "Subject: a long",
            "\tsubject, wrapped",
            "From: <a@remote.example>",
            "",
            "first line",
            "..a line that starts with a dot",
            "BANNED",
            "after the banned line",
            ".", "");

    private Dialogue d;

    @AfterEach
    void close() {
        if (d != null) {
            d.close();
        }
    }

    /** Records what it is shown; refuses the body line {@code BANNED}. */
    static final class RecordingLineCheck implements LineCheck {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "banned-test";
        }

        @Override
        public Watch start(CheckContext context) {
            seen.add("start " + context.recipients().size() + " recipient(s)");
            return new Watch() {
                @Override
                public Verdict headerField(HeaderField field) {
                    seen.add("field " + field.name() + ": " + field.text());
                    return Verdict.pass();
                }

                @Override
                public Verdict bodyLine(String line) {
                    seen.add("body " + line);
                    return line.equals("BANNED")
                            ? Verdict.reject(name(), Reply.permanent(554, "5.7.1", "Message refused by policy"), "banned line")
                            : Verdict.pass();
                }
            };
        }
    }

    private void envelope(Fixture f) {
        d = f.connect("192.0.2.7");
        d.expect("220 ");
        d.send("EHLO client.example").expect("250-");
        d.send("MAIL FROM:<a@remote.example>").expect("250 ");
        d.send("RCPT TO:<bob@moat.test>").expect("250 ");
        d.send("DATA").expect("354 ");
    }

    @Test
    void aLineCheckSeesWrappedFieldsWholeAndUnstuffedBodyLinesAndItsRefusalComesAtTheEnd() {
        var lines = new RecordingLineCheck();
        var f = new Fixture().withLineChecks(Map.of(), lines);
        envelope(f);

        d.raw(MESSAGE.substring(0, MESSAGE.indexOf("after the banned line")));
        d.expectNothing();
        d.raw(MESSAGE.substring(MESSAGE.indexOf("after the banned line")));
        d.expect("554 5.7.1 Message refused by policy (ref ");

        assertEquals(List.of("start 1 recipient(s)",
                "field Subject: Subject: a long\r\n\tsubject, wrapped",
                "field From: From: <a@remote.example>",
                "body first line",
                "body .a line that starts with a dot",
                "body BANNED"), lines.seen, "nothing is shown after the first refusal");
        assertEquals(List.of(), f.delivery.messages);

        d.send("MAIL FROM:<a@remote.example>").expect("250 ");
        d.send("RCPT TO:<bob@moat.test>").expect("250 ");
        d.send("DATA").expect("354 ");
        d.raw("Subject: clean\r\n\r\nclean\r\n.\r\n").expect("250 ");
        assertEquals(1, f.delivery.messages.size(), "the session goes on, and the next message passes");
    }

    @Test
    void theChecksAtTheEndOfDataSeeTheHeaderFieldsAndTheSize() {
        var facts = new CopyOnWriteArrayList<String>();
        ImmediateCheck reader = new ImmediateCheck() {
            @Override
            public String name() {
                return "reader";
            }

            @Override
            public Verdict judge(CheckContext context) {
                MessageFacts message = context.message().orElseThrow();
                facts.add(message.headerFields().stream().map(HeaderField::text).toList() + " " + message.size());
                facts.add(message.field("subject").map(HeaderField::value).orElse("none"));
                return message.field("To").isEmpty()
                        ? Verdict.reject(name(), Reply.permanent(554, "5.6.0", "No To: header"), "rule: no To")
                        : Verdict.pass();
            }
        };
        var f = new Fixture().withLineChecks(Map.of(Stage.MESSAGE, List.<Check>of(reader)));
        envelope(f);

        d.raw(MESSAGE.replace("BANNED", "fine")).expect("554 5.6.0 No To: header (ref ");

        String body = MESSAGE.replace("BANNED", "fine");
        long unstuffed = body.length() - ".\r\n".length() - 1;
        assertEquals(List.of("[Subject: a long\r\n\tsubject, wrapped, From: <a@remote.example>] " + unstuffed,
                "a long\tsubject, wrapped"), facts);
        assertTrue(f.delivery.messages.isEmpty());
    }

    @Test
    void withoutLineChecksTheMessageIsHandedOnExactlyAsReceivedBelowTheTraceField() {
        var f = new Fixture();
        envelope(f);
        d.raw(MESSAGE).expect("250 ");

        String content = f.delivery.messages.get(0).content();
        assertTrue(content.startsWith("Received: from client.example"), content);
        assertTrue(content.endsWith(MESSAGE.substring(0, MESSAGE.length() - ".\r\n".length())), content);
    }
}
