package dev.moat.dns;

import dev.moat.net.IpAddress;
import dev.moat.policy.SpfResult;

/**
 * The two header fields that carry an SPF result to the next hop: {@code Received-SPF:} (RFC
 * 7208 9.1: the result, a comment in words, and the key-value pairs client-ip, envelope-from,
 * helo, receiver, identity, mechanism or problem) and {@code Authentication-Results:} (RFC
 * 8601: this node's authserv-id, then {@code spf=} with {@code smtp.mailfrom} or, for the null
 * sender, {@code smtp.helo}). Every value from the client is quoted, and anything outside
 * printable ASCII is dropped, so neither field can be broken by what a sender wrote.
 */
final class SpfHeaders {
    private SpfHeaders() {
    }

    /** {@code identity} is {@code mailfrom} or {@code helo}; {@code mailFrom} empty for the null sender. */
    static String receivedSpf(SpfOutcome outcome, String receiver, IpAddress client, String mailFrom, String helo,
            String identity) {
        StringBuilder out = new StringBuilder(200).append(outcome.result().word())
                .append(" (").append(safe(receiver)).append(": ").append(comment(outcome, client, mailFrom, helo)).append(")")
                .append(" client-ip=").append(client)
                .append("; envelope-from=").append(quoted(mailFrom))
                .append("; helo=").append(quoted(helo))
                .append("; receiver=").append(quoted(receiver))
                .append("; identity=").append(identity);
        if (!outcome.mechanism().isEmpty()) {
            out.append("; mechanism=").append(quoted(outcome.mechanism()));
        }
        if (!outcome.problem().isEmpty() && (outcome.result() == SpfResult.PERMERROR
                || outcome.result() == SpfResult.TEMPERROR)) {
            out.append("; problem=").append(quoted(outcome.problem()));
        }
        return out.toString();
    }

    static String authenticationResults(SpfOutcome outcome, String authservId, String mailFrom, String helo) {
        String property = mailFrom.isEmpty() ? "smtp.helo=" + quoted(helo) : "smtp.mailfrom=" + quoted(mailFrom);
        return safe(authservId) + "; spf=" + outcome.result().word() + " " + property;
    }

    private static String comment(SpfOutcome outcome, IpAddress client, String mailFrom, String helo) {
        String who = mailFrom.isEmpty() ? "domain of " + safe(helo) : "domain of " + safe(mailFrom);
        String text = switch (outcome.result()) {
            case PASS -> who + " designates " + client + " as permitted sender";
            case FAIL -> who + " does not designate " + client + " as permitted sender";
            case SOFTFAIL -> "transitioning " + who + " does not designate " + client + " as permitted sender";
            case NEUTRAL -> client + " is neither permitted nor denied by " + who;
            case NONE -> who + " does not designate permitted sender hosts";
            case TEMPERROR -> "error in processing during lookup of " + who;
            case PERMERROR -> "the SPF record of " + safe(outcome.domain()) + " cannot be used";
        };
        return text.replace('(', '[').replace(')', ']').replace('\\', '/');
    }

    /** A quoted-string (RFC 5322 3.2.4) of the printable ASCII of {@code text}. */
    static String quoted(String text) {
        return "\"" + safe(text).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** {@code text} without anything outside printable ASCII and space, at most 200 characters. */
    static String safe(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), 200));
        for (int i = 0; i < text.length() && out.length() < 200; i++) {
            char c = text.charAt(i);
            if (c >= ' ' && c <= '~') {
                out.append(c);
            }
        }
        return out.toString();
    }
}
