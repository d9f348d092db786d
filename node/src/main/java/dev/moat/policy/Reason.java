package dev.moat.policy;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Why an address has its status: the list entry that decided it, or that no list holds it.
 * The reasons still to come (an RBL server and its answer, a DNS-name template and the name)
 * join as further records; {@link #rblServer()} is the chapter's {@code ^0}.
 */
public sealed interface Reason {

    /** The reason as an administrator reads it in logs and the Test Address answer. */
    String describe();

    /** The list entry that decided the status, when a list did. */
    default Optional<Listing> listing() {
        return Optional.empty();
    }

    /** The RBL server that listed the address ({@code ^0}), empty when no RBL did. */
    default String rblServer() {
        return "";
    }

    /** What that RBL's TXT record says (printable ASCII), for the refusal's text; empty when none. */
    default String rblText() {
        return "";
    }

    /** Listed in one of the network address lists. */
    record Listed(Listing entry) implements Reason {
        public Listed {
            Objects.requireNonNull(entry, "entry");
        }

        @Override
        public String describe() {
            return "listed in " + entry.describe();
        }

        @Override
        public Optional<Listing> listing() {
            return Optional.of(entry);
        }
    }

    /** In none of the lists that give a status. */
    record Unlisted() implements Reason {
        @Override
        public String describe() {
            return "in none of the Denied, Client, White Hole and Blacklisted lists";
        }
    }

    /** A load balancer's own connection (PROXY LOCAL or UNKNOWN): never a Client, whatever the lists say. */
    record BalancerConnection() implements Reason {
        @Override
        public String describe() {
            return "a load balancer's own connection (PROXY LOCAL or UNKNOWN) is never a Client";
        }
    }

    /** A user with the Relay service authenticated from the address within the unblocking time. */
    record TemporaryClient() implements Reason {
        @Override
        public String describe() {
            return "a user with the Relay service authenticated from it recently";
        }
    }

    /** On the cluster's Temporarily Blocked Addresses, for the reason given. */
    record TemporarilyBlocked(String why) implements Reason {
        public TemporarilyBlocked {
            Objects.requireNonNull(why, "why");
        }

        @Override
        public String describe() {
            return "temporarily blocked: " + why;
        }
    }

    /** A reverse name matched a template of a DNS-name list. */
    record NameListed(Listing entry, String name) implements Reason {
        public NameListed {
            Objects.requireNonNull(entry, "entry");
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String describe() {
            return "its reverse name " + name + " is listed in " + entry.describe();
        }

        @Override
        public Optional<Listing> listing() {
            return Optional.of(entry);
        }
    }

    /** Listed by a DNS list: a blacklist (its zone is the chapter's {@code ^0}), or an allow-list (a White Hole). */
    record RblListed(RblAnswers.Listed answer) implements Reason {
        public RblListed {
            Objects.requireNonNull(answer, "answer");
        }

        @Override
        public String describe() {
            return (answer.allowList() ? "listed by the allow-list zone " : "listed by the RBL ") + answer.zone()
                    + " (answer " + answer.answer() + (answer.text().isEmpty() ? "" : ": " + answer.text()) + ")";
        }

        @Override
        public String rblServer() {
            return answer.allowList() ? "" : answer.zone();
        }

        @Override
        public String rblText() {
            return answer.allowList() ? "" : answer.text();
        }
    }

    /** In no list, and the reverse-name and RBL lookups did not answer before the greeting's deadline. */
    record LookupsUnanswered(Duration deadline) implements Reason {
        public LookupsUnanswered {
            Objects.requireNonNull(deadline, "deadline");
        }

        @Override
        public String describe() {
            return "in none of the address lists; the reverse-name and RBL lookups did not answer within "
                    + deadline.toMillis() + " ms";
        }
    }
}
