package dev.moat.router;

import dev.moat.mail.Route;
import dev.moat.router.RouterRecord.Prefix;
import dev.moat.router.RouterRecord.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The Router of the chapter: it rewrites an address with the records of a {@link RouterTable}
 * until no record applies, and says where the address ends. Each round, in order: an address
 * record for the whole address; the main-domain cut-off (an address in a local domain becomes
 * its local part); a domain record for its domain. A bare local part may still hold a route:
 * a quoted {@code "user@host"} is unquoted, {@code user%host} becomes {@code user@host} and
 * {@code host!user} becomes {@code user@host}, so such relay tricks are judged by where they
 * really go. Routing is a pure function of the table and the local domains; matching ignores
 * case. An address seen twice, or more than {@value #MAX_STEPS} rewrites, is a loop. The
 * targets {@code error}, {@code spamtrap} and {@code null} of records are special; of the local
 * parts an address arrives with, only {@code spamtrap} is (the chapter's
 * {@code spamtrap@<local domain>}): {@code error@} and {@code null@} are ordinary mailboxes.
 */
public final class Router {
    static final int MAX_STEPS = 32;

    private final RouterTable table;
    private final Predicate<String> localDomain;

    /** {@code localDomain} answers for a lower-case domain name without a trailing dot. */
    public Router(RouterTable table, Predicate<String> localDomain) {
        this.table = table;
        this.localDomain = localDomain;
    }

    public RouterTable table() {
        return table;
    }

    /** Routes one address ({@code local@domain} or a bare local part) and answers with its trace. */
    public Route route(String received) {
        List<Route.Step> steps = new ArrayList<>(6);
        steps.add(new Route.Step("Received (Original) address", null, received, false));
        String address = received.toLowerCase(Locale.ROOT);
        boolean marker = false;
        for (int round = 0; round < MAX_STEPS; round++) {
            int at = domainAt(address);
            if (at >= 0 && address.endsWith(".")) {
                address = address.substring(0, address.length() - 1);
            }
            String domain = at < 0 ? "" : address.substring(at + 1);
            RouterTable.Match match = table.matchAddress(address, domain);
            if (match != null) {
                RouterRecord record = match.record();
                marker = marked(record.prefix(), marker, address);
                Target target = record.target();
                if (target.kind() != Target.Kind.REWRITE) {
                    return special(target, record, address, marker, steps);
                }
                address = Glob.substitute(target.value(), match.runs());
                steps.add(new Route.Step("Router Record:", record.describe(), address, marker));
            } else if (at >= 0 && localDomain.test(domain)) {
                address = address.substring(0, at);
                steps.add(new Route.Step(Route.cutOffOperation(domain), null, address, marker));
            } else if (at >= 0) {
                RouterTable.Match domainMatch = table.matchDomain(domain);
                if (domainMatch == null) {
                    steps.add(new Route.Step("SMTP Module:", null, marker
                            ? "accepted for the host " + domain
                            : "relayed to the host " + domain + " for Clients and authenticated users only", marker));
                    return new Route(Route.Outcome.REMOTE, address, domain, marker, "", steps);
                }
                RouterRecord record = domainMatch.record();
                marker = marked(record.prefix(), marker, address);
                if (record.target().kind() != Target.Kind.REWRITE) {
                    return special(record.target(), record, address, marker, steps);
                }
                address = address.substring(0, at) + "@" + Glob.substitute(record.target().value(), domainMatch.runs());
                steps.add(new Route.Step("Router Record:", record.describe(), address, marker));
            } else {
                String unrouted = unroute(address);
                if (unrouted == null) {
                    // Only Router targets are special, and the chapter's spamtrap@<local domain>: a
                    // mailbox called error or null behind Moat gets its mail like any other.
                    Route.Outcome outcome = address.equals("spamtrap") ? Route.Outcome.SPAMTRAP : Route.Outcome.LOCAL;
                    steps.add(new Route.Step("SMTP Module:", null, outcome == Route.Outcome.LOCAL
                            ? "accepted for the local account " + address : address, marker));
                    return new Route(outcome, address, "", marker, "", steps);
                }
                address = unrouted;
                steps.add(new Route.Step("Route in the local part:", null, address, marker));
            }
            if (seenBefore(steps, address)) {
                break;
            }
        }
        steps.add(new Route.Step("Router:", null, "routing loop", marker));
        return new Route(Route.Outcome.LOOP, address, "", false, "Routing loop detected", steps);
    }

    /** Whether an earlier step already had {@code address}: routing would go round for ever. */
    private static boolean seenBefore(List<Route.Step> steps, String address) {
        for (int i = 0; i < steps.size() - 1; i++) {
            if (steps.get(i).address().equalsIgnoreCase(address)) {
                return true;
            }
        }
        return false;
    }

    private static Route special(Target target, RouterRecord record, String address, boolean marker,
            List<Route.Step> steps) {
        Route.Outcome outcome = switch (target.kind()) {
            case ERROR -> Route.Outcome.ERROR;
            case SPAMTRAP -> Route.Outcome.SPAMTRAP;
            default -> Route.Outcome.DISCARD;
        };
        String shown = switch (outcome) {
            case ERROR -> "error";
            case SPAMTRAP -> "spamtrap";
            default -> "null";
        };
        steps.add(new Route.Step("Router Record:", record.describe(), shown, marker));
        return new Route(outcome, address, "", marker, target.value(), steps);
    }

    /**
     * The can-relay marker after a record with {@code prefix} converted {@code address}:
     * {@code Relay:} sets it for simple addresses only, {@code RelayAll:} for any; nothing resets it.
     */
    static boolean marked(Prefix prefix, boolean marker, String address) {
        return switch (prefix) {
            case RELAY_ALL -> true;
            case RELAY -> marker || isSimple(address);
            default -> marker;
        };
    }

    /**
     * A simple address has one route: no {@code %}, {@code !} or quotes, at most one {@code @},
     * no source route. {@code user%host1@host2} and {@code <@host2:user@host1>} are not simple.
     */
    static boolean isSimple(String address) {
        int ats = 0;
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (c == '%' || c == '!' || c == '"' || c == ':' || c == ',') {
                return false;
            }
            if (c == '@') {
                ats++;
            }
        }
        return ats <= 1 && !address.startsWith("@");
    }

    /** The {@code @} before the domain: the last one outside quotes, -1 for a bare local part. */
    private static int domainAt(String address) {
        int at = address.lastIndexOf('@');
        if (at < 0 || address.indexOf('"') < 0) {
            return at;
        }
        int closing = address.lastIndexOf('"');
        return at > closing ? at : -1;
    }

    /** A bare local part that still holds a route, rewritten to where it leads; null when it holds none. */
    private static String unroute(String local) {
        if (local.length() >= 2 && local.startsWith("\"") && local.endsWith("\"")) {
            return local.substring(1, local.length() - 1).replace("\\\\", "\u0000").replace("\\", "").replace('\u0000', '\\');
        }
        int percent = local.lastIndexOf('%');
        if (percent > 0 && percent < local.length() - 1) {
            return local.substring(0, percent) + "@" + local.substring(percent + 1);
        }
        int bang = local.indexOf('!');
        if (bang > 0 && bang < local.length() - 1) {
            return local.substring(bang + 1) + "@" + local.substring(0, bang);
        }
        return null;
    }
}
