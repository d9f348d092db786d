package dev.moat.policy;

import dev.moat.mail.MailPath;
import dev.moat.mail.Recipient;
import dev.moat.net.IpAddress;
import java.util.List;
import java.util.Optional;

/**
 * What a check may read about the session it judges: the facts gathered so far. Read-only;
 * the SMTP session's facts implement it. The settings a check needs are not here: each check is
 * given its compiled part of the snapshot when it is made (see {@code Protections}).
 */
public interface CheckContext {

    Stage stage();

    /** The short reference of the session, shown in its refusals and logs. */
    String sessionReference();

    /** The sender's address: from the PROXY header on listeners behind a balancer. */
    IpAddress clientAddress();

    Classification classification();

    Optional<String> heloName();

    Optional<String> authenticatedUser();

    Optional<MailPath> sender();

    /** The recipient being judged, with its route, at the RCPT stage. */
    Optional<Recipient> recipient();

    /** The recipients accepted so far in this transaction, each with the route decided at RCPT. */
    List<Recipient> recipients();

    /** The message, at the MESSAGE stage: its header fields and size. */
    Optional<MessageFacts> message();

    /** The SPF result of this transaction, after MAIL FROM; empty when SPF is off or did not judge it. */
    default Optional<SpfResult> spfResult() {
        return Optional.empty();
    }
}
