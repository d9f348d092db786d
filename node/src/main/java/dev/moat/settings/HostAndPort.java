package dev.moat.settings;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A host (domain name or IP literal) and a TCP port, written {@code host:port}, with IPv6
 * literals in brackets ({@code [::1]:25}). The host is stored without brackets; {@link
 * #toString()} puts them back.
 */
public record HostAndPort(String host, int port) {
    private static final Pattern FORM = Pattern.compile("(?:\\[([^\\]]*)\\]|([^:\\[\\]]*))(?::(\\d{1,5}))?");

    public HostAndPort {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /**
     * Parses {@code host}, {@code host:port}, {@code [v6]} or {@code [v6]:port}; {@code
     * defaultPort} applies when no port is written. Empty when the text is not of that form.
     */
    public static Optional<HostAndPort> parse(String text, int defaultPort) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        int port = m.group(3) == null ? defaultPort : Integer.parseInt(m.group(3));
        if (port < 1 || port > 65_535) {
            return Optional.empty();
        }
        if (m.group(1) != null) {
            return Domains.ipLiteral(m.group(1)).map(address -> new HostAndPort(m.group(1), port));
        }
        String host = m.group(2);
        if (Domains.ipLiteral(host).isPresent()) {
            return Optional.of(new HostAndPort(host, port));
        }
        return Domains.canonical(host).map(name -> new HostAndPort(name, port));
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
