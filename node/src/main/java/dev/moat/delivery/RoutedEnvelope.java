package dev.moat.delivery;

import dev.moat.mail.MailPath;
import dev.moat.mail.Route;
import java.util.Optional;

/**
 * The address a next hop receives for one recipient: the Router's result, not the client's
 * words (spec notes: "The Router's result is what the next hop receives"). A recipient the
 * Router left unchanged (no record applied, no route taken out of its local part) keeps the
 * client's spelling. A local part a record made is an account at the local domain cut off after
 * that record, else at the main domain ({@code <sales> = alice} gives {@code alice@<main domain>}).
 * A remote address the Router wrote as {@code address@host} (a record forwarding via a host) is
 * {@code address}, handed to that host; any other remote result goes out exactly as the Router
 * left it. Local parts that need it are quoted. Empty when the result is no valid mailbox, or a
 * local account still holds a route ({@code %}, {@code !}, {@code @}), which a next hop might follow.
 */
final class RoutedEnvelope {

    private RoutedEnvelope() {
    }

    static Optional<String> of(String received, Route route, String mainDomain) {
        String envelope = switch (route.outcome()) {
            case LOCAL -> local(received, route, mainDomain);
            case REMOTE -> remote(received, route);
            default -> null;
        };
        if (envelope == null || envelope.equals(received)) {
            return Optional.ofNullable(envelope); // the client's spelling was parsed as a path at RCPT
        }
        return valid(envelope) ? Optional.of(envelope) : Optional.empty();
    }

    private static String local(String received, Route route, String mainDomain) {
        String account = route.address();
        if (account.indexOf('%') >= 0 || account.indexOf('!') >= 0 || account.indexOf('@') >= 0) {
            return null;
        }
        int at = domainAt(received);
        String receivedLocal = at < 0 ? received : received.substring(0, at);
        if (route.lastRecord().isEmpty() && account.equalsIgnoreCase(receivedLocal)) {
            return received;
        }
        return MailPath.quoteLocalPart(account) + "@" + cutOffAfterLastRecord(route).orElse(mainDomain);
    }

    private static String remote(String received, Route route) {
        String address = route.address();
        String spelled = received.endsWith(".") ? received.substring(0, received.length() - 1) : received;
        if (route.lastRecord().isEmpty() && address.equalsIgnoreCase(spelled)) {
            return received;
        }
        int at = domainAt(address);
        String rest = address.substring(0, at);
        if (domainAt(rest) >= 0) {
            address = rest; // address@host: the address, handed to that host
            at = domainAt(address);
        }
        return MailPath.quoteLocalPart(address.substring(0, at)) + address.substring(at);
    }

    /** The local domain cut off after the last record applied; empty when a record made the local part. */
    private static Optional<String> cutOffAfterLastRecord(Route route) {
        for (int i = route.steps().size() - 1; i >= 0; i--) {
            Route.Step step = route.steps().get(i);
            if (step.record() != null) {
                return Optional.empty();
            }
            Optional<String> domain = step.cutOffDomain();
            if (domain.isPresent()) {
                return domain;
            }
        }
        return Optional.empty();
    }

    private static boolean valid(String envelope) {
        MailPath.Parsed parsed = MailPath.parse("<" + envelope + ">", false);
        return parsed.ok() && parsed.rest().isEmpty() && !Replies.hasControlCharacter(envelope);
    }

    /** The {@code @} before the domain: the last one outside quotes, -1 for a bare local part. */
    private static int domainAt(String address) {
        boolean quoted = false;
        int at = -1;
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '@' && !quoted) {
                at = i;
            }
        }
        return at;
    }
}
