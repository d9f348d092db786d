package dev.moat.net;

import java.util.List;

/** A network address list as written by an administrator, parsed and compiled. */
public final class NetworkAddressList {
    /** One line that did not parse: 1-based line number, the line as written, why. */
    public record LineError(int line, String text, String message) {
        @Override
        public String toString() {
            return "line " + line + ": " + message + ": " + text;
        }
    }

    /** Either a list or the errors of every bad line. */
    public record ParseResult(NetworkAddressList list, List<LineError> errors) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    private NetworkAddressList() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    public static ParseResult parse(String text) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    public static NetworkAddressList empty() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    public AddressSet addresses() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** The text as given, for display and round trips. */
    public String text() {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
