package dev.moat.smtp;

import dev.moat.net.IpAddress;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The {@code Received:} trace header of RFC 5321 section 4.4, with the protocol keywords of
 * RFC 3848 (ESMTP, ESMTPS, ESMTPA, ESMTPSA). It names the HELO name, the reverse name when one
 * is known, and the client address, which behind a balancer is the sender's from the PROXY
 * header, never the balancer's.
 */
final class TraceHeader {
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);

    private TraceHeader() {
    }

    static String received(String helo, String reverseName, IpAddress client, String byHost,
                           boolean extended, boolean tls, boolean authenticated, String id,
                           String singleRecipient, ZonedDateTime when) {
        var b = new StringBuilder(200);
        b.append("Received: from ").append(helo == null || helo.isEmpty() ? "unknown" : helo);
        b.append(" (");
        if (reverseName != null && !reverseName.isEmpty()) {
            b.append(reverseName).append(' ');
        }
        b.append('[').append(client.isIpv4() ? "" : "IPv6:").append(client).append("])\r\n");
        b.append("\tby ").append(byHost).append(" (Moat) with ").append(extended ? "ESMTP" : "SMTP");
        if (extended && tls) {
            b.append('S');
        }
        if (extended && authenticated) {
            b.append('A');
        }
        b.append(" id ").append(id);
        if (singleRecipient != null) {
            b.append("\r\n\tfor <").append(singleRecipient).append('>');
        }
        b.append("; ").append(DATE.format(when)).append("\r\n");
        return b.toString();
    }
}
