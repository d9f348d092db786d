package dev.moat.smtp;

import dev.moat.settings.EffectiveSettings;
import java.time.Duration;

/** The SMTP settings one session runs on, read once from the snapshot it started with. */
record SessionLimits(
        String hostName,
        String greeting,
        long maxMessageSize,
        int maxRecipients,
        int maxProtocolErrors,
        Duration commandTimeout,
        Duration dataTimeout,
        Duration addressStatusTimeout,
        boolean allowPlaintextAuth,
        int maxAuthFailures) {

    static SessionLimits from(EffectiveSettings settings) {
        var smtp = settings.server().smtp();
        return new SessionLimits(
                smtp.hostName(),
                smtp.greeting(),
                smtp.maxMessageSize(),
                smtp.maxRecipients(),
                smtp.maxProtocolErrors(),
                smtp.timeouts().command(),
                smtp.timeouts().data(),
                smtp.timeouts().addressStatus(),
                smtp.auth().allowPlaintext(),
                smtp.auth().maxFailures());
    }
}
