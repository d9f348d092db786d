package dev.moat.policy;

import dev.moat.net.IpAddress;
import dev.moat.settings.EffectiveSettings;
import dev.moat.mail.MailPath;
import java.util.List;
import java.util.Optional;

/**
 * What a check may read about the session it judges: the facts gathered so far and the
 * settings snapshot the session runs on. Read-only; the SMTP session implements it.
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

    /** The recipient being judged, at the RCPT stage. */
    Optional<MailPath> recipient();

    /** The recipients accepted so far in this transaction. */
    List<MailPath> recipients();

    EffectiveSettings settings();
}
