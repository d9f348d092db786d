package dev.moat.router;

import dev.moat.net.IpAddress;
import dev.moat.policy.ProtocolError;
import dev.moat.policy.SessionEvents;
import dev.moat.policy.TemporaryClients;
import dev.moat.settings.EffectiveSettings;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Makes an address a Temporary Client when a user whose Relay service is enabled
 * authenticates from it (chapter: "Checking Network Address Status"): for the unblocking
 * time, its next sessions are classified as Client ones. Client addresses need no entry. Hears
 * the session events; never blocks.
 */
public final class TemporaryClientGrant implements SessionEvents {
    private final Supplier<EffectiveSettings> settings;
    private final TemporaryClients temporaryClients;
    private final Supplier<Duration> unblockingTime;

    public TemporaryClientGrant(Supplier<EffectiveSettings> settings, TemporaryClients temporaryClients,
            Supplier<Duration> unblockingTime) {
        this.settings = settings;
        this.temporaryClients = temporaryClients;
        this.unblockingTime = unblockingTime;
    }

    @Override
    public void loginSucceeded(IpAddress client, String user, String sessionReference) {
        EffectiveSettings current = settings.get();
        if (!current.clientAddresses().contains(client) && DirectoryAuthenticator.mayRelay(current, user)) {
            temporaryClients.add(client, unblockingTime.get());
        }
    }

    @Override
    public void protocolError(IpAddress client, ProtocolError error, String sessionReference) {
    }

    @Override
    public void loginFailed(IpAddress client, String user, String sessionReference) {
    }

    @Override
    public void spamTrap(IpAddress client, String sessionReference) {
    }
}
