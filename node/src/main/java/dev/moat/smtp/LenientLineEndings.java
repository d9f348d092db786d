package dev.moat.smtp;

import dev.moat.metrics.MoatMetrics;
import dev.moat.net.IpAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The report of one session from a sender on {@code smtp.lenient-line-endings}, whose bare LF
 * is read as CRLF: each line so normalised is counted in {@code moat.smtp.lenient.line.endings}
 * (no tags: never the address), and the first of a session is logged at INFO with the client
 * address, so an administrator sees who would break before removing an address from the list.
 */
final class LenientLineEndings {
    private static final Logger log = LoggerFactory.getLogger(LenientLineEndings.class);

    private final MoatMetrics metrics;
    private final IpAddress client;
    private final String reference;
    private boolean logged;

    LenientLineEndings(MoatMetrics metrics, IpAddress client, String reference) {
        this.metrics = metrics;
        this.client = client;
        this.reference = reference;
    }

    /** One line ended at a bare LF that was read as CRLF. */
    void normalised() {
        metrics.lenientLineEnding();
        if (!logged) {
            logged = true;
            log.info("session {}: {} sends bare LF line endings, read as CRLF because it is on smtp.lenient-line-endings;"
                    + " it would be refused without that entry", reference, client);
        }
    }
}
