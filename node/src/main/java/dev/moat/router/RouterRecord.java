package dev.moat.router;

import java.util.Objects;

/**
 * One line of a Router table: an address record {@code <local-part@domain> = target} or a
 * domain record {@code domain = target}, with an optional relay prefix. The pattern is kept in
 * lower case and may hold {@code *} wildcards; the target's stars take what the pattern's
 * stars matched. {@code text} is the line as written (without its comment) and {@code line}
 * its number in the table it came from ({@code source}: {@code server} or {@code cluster}),
 * so a routing trace can say which record it applied.
 */
public record RouterRecord(Prefix prefix, boolean addressRecord, String pattern, Target target,
        String source, int line, String text) {

    /**
     * The relay prefixes of the chapter's "Relaying Rerouted Messages": {@code Relay:} sets the
     * can-relay marker when the address it converts is a simple address; {@code RelayAll:} sets
     * it for any address; {@code NoRelay:} and no prefix never set it. None of them resets it.
     */
    public enum Prefix {
        NONE(""), RELAY("Relay:"), NO_RELAY("NoRelay:"), RELAY_ALL("RelayAll:");

        private final String written;

        Prefix(String written) {
            this.written = written;
        }

        public String written() {
            return written;
        }
    }

    /** Where a record sends an address: another address or domain, or a special target. */
    public record Target(Kind kind, String value) {
        public enum Kind { REWRITE, ERROR, SPAMTRAP, DISCARD }

        public Target {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(value, "value");
        }
    }

    public RouterRecord {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(text, "text");
    }

    boolean wildcard() {
        return pattern.indexOf('*') >= 0;
    }

    /** {@code Relay:<joe> = joe@otherdomain.example (server line 3)}. */
    public String describe() {
        return text + " (" + source + " line " + line + ")";
    }
}
