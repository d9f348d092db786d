package dev.moat.content;

import dev.moat.mail.HeaderField;
import dev.moat.mail.Reply;
import dev.moat.policy.CheckContext;
import dev.moat.policy.LineCheck;
import dev.moat.policy.Verdict;
import java.util.Objects;

/**
 * Banned header and body lines (chapter: "Banning Mail by Header and Body Lines", and
 * "Cluster Setup" for the union of both layers): each header field, whole and with the line
 * breaks of a wrapped field, is looked up in the Banned Header Lines, and each body line,
 * after dot-unstuffing and with nothing decoded first (no MIME, UU or quoted-printable), in the
 * Banned Body Lines, case-sensitively, while DATA streams in. The first match refuses the
 * message at the end of DATA with {@code 554 5.7.1} and a text that does not say which line
 * (a spammer learns nothing); the verdict's reason names the list line, its list and layer,
 * and the meter hears the list. Body lines are looked up as the octets the session holds, so
 * no string is made for them. The watch keeps no state, so one serves every message.
 */
public final class BannedLineCheck implements LineCheck {
    public static final String NAME = "banned-lines";
    static final Reply REFUSED = Reply.permanent(554, "5.7.1", "Message refused: its content is banned by policy");

    /** Hears each message a banned line refused, by list. */
    @FunctionalInterface
    public interface Meter {
        Meter NONE = list -> { };

        void matched(BannedList list);
    }

    private final EffectiveBannedLines lines;
    private final Meter meter;
    private final Watch watch = new Watch() {
        @Override
        public Verdict headerField(HeaderField field) {
            return verdict(lines.header(field.text()), "header field");
        }

        @Override
        public Verdict bodyLine(String line) {
            return verdict(lines.body(line), "body line");
        }

        @Override
        public Verdict bodyLine(byte[] octets, int from, int length) {
            return verdict(lines.body(octets, from, length), "body line");
        }
    };

    public BannedLineCheck(EffectiveBannedLines lines, Meter meter) {
        this.lines = Objects.requireNonNull(lines, "lines");
        this.meter = Objects.requireNonNull(meter, "meter");
    }

    @Override
    public String name() {
        return NAME;
    }

    /** No watch at all when no list holds a line, so no message line becomes a string for it. */
    @Override
    public Watch start(CheckContext context) {
        return lines.isEmpty() ? null : watch;
    }

    private Verdict verdict(BannedEntry found, String what) {
        if (found == null) {
            return Verdict.pass();
        }
        meter.matched(found.list());
        return Verdict.reject(NAME, REFUSED, "a " + what + " matches " + found.describe());
    }
}
