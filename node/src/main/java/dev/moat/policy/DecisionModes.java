package dev.moat.policy;

import dev.moat.mail.Reply;
import java.util.List;
import java.util.Map;

/**
 * The mode of every check that can refuse, by its key: the check's name ({@code helo},
 * {@code blacklist}), or the check's name and the subject of what matched ({@code
 * blacklist/zen.example} for one RBL zone, {@code blacklist/blacklisted-addresses} for one list),
 * which wins over the name alone; a check no key names enforces. {@link #apply} turns a refusal
 * into what its mode makes of it, for any check, so a check written later gets its mode for free.
 */
public record DecisionModes(Map<String, DecisionMode> modes) {
    /** The header the {@code tag} mode adds. */
    public static final String TAG_HEADER = "X-Moat-Would-Refuse";
    private static final int MAX_TAG = 300;

    /** Every check enforces. */
    public static final DecisionModes ENFORCE_ALL = new DecisionModes(Map.of());

    public DecisionModes {
        modes = Map.copyOf(modes);
    }

    /** The mode of a refusing verdict: its check and match subject, else its check, else enforce. */
    public DecisionMode modeOf(Verdict verdict) {
        if (modes.isEmpty()) {
            return DecisionMode.ENFORCE;
        }
        String subject = verdict.match().subject();
        DecisionMode mode = subject.isEmpty() ? null : modes.get(verdict.check() + "/" + subject);
        return mode != null ? mode : modes.getOrDefault(verdict.check(), DecisionMode.ENFORCE);
    }

    /**
     * What the session does with {@code verdict} in {@code mode}: the verdict itself (enforce,
     * or a passing verdict), a passing verdict without effects (monitor), the same refusal with
     * the 4xx counterpart of its reply (tempfail), or a passing verdict that adds the tag header.
     */
    public static Verdict apply(Verdict verdict, DecisionMode mode, String reference) {
        if (verdict.passes() || mode == DecisionMode.ENFORCE) {
            return verdict;
        }
        return switch (mode) {
            case MONITOR -> Verdict.pass(verdict.check(), "monitor: would " + verdict.action().name().toLowerCase(
                    java.util.Locale.ROOT) + ": " + verdict.reason(), List.of(), verdict.match());
            case TEMPFAIL -> new Verdict(verdict.action(), verdict.action() == Verdict.Action.DISCONNECT
                    ? closing(verdict.reply()) : temporary(verdict.reply()), verdict.check(),
                    verdict.reason(), verdict.effects(), verdict.match());
            case TAG -> Verdict.pass(verdict.check(), "tag: would refuse: " + verdict.reason(),
                    List.of(new Effect.AddHeader(TAG_HEADER, tag(verdict, reference))), verdict.match());
            case ENFORCE -> verdict;
        };
    }

    /**
     * The 4xx counterpart of a 5xx reply, same text: 550, 551 and 553 (mailbox or address
     * refused) become 450, 552 (storage) 452, 554 and the rest 451; the enhanced code's class
     * 5 becomes 4 (5.7.1 becomes 4.7.1). A 4xx reply stays as it is.
     */
    public static Reply temporary(Reply reply) {
        if (!reply.isPermanent()) {
            return reply;
        }
        int code = switch (reply.code()) {
            case 550, 551, 553 -> 450;
            case 552 -> 452;
            case 521 -> 421;
            default -> 451;
        };
        String enhanced = reply.enhanced().startsWith("5.") ? "4" + reply.enhanced().substring(1) : reply.enhanced();
        return new Reply(code, enhanced, reply.text());
    }

    /** The temporary counterpart of a refusal that ends the session: 421 (RFC 5321 3.8), same enhanced code and text. */
    private static Reply closing(Reply reply) {
        Reply temporary = temporary(reply);
        return temporary == reply ? reply : new Reply(421, temporary.enhanced(), temporary.text());
    }

    /** {@code <check> <code> <enhanced> (ref ...): <what matched>}, printable ASCII, at most 300 characters. */
    private static String tag(Verdict verdict, String reference) {
        String text = verdict.check() + " " + verdict.reply().code() + " " + verdict.reply().enhanced() + " (ref "
                + reference + "): " + verdict.match().describe();
        StringBuilder clean = new StringBuilder(Math.min(text.length(), MAX_TAG));
        for (int i = 0; i < text.length() && clean.length() < MAX_TAG; i++) {
            char c = text.charAt(i);
            clean.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return clean.toString().strip();
    }
}
