package dev.moat.router;

import dev.moat.net.IpAddress;
import dev.moat.policy.ProtocolError;
import dev.moat.policy.SessionEvents;
import dev.moat.policy.TemporaryClients;
import dev.moat.settings.EffectiveSettings;
import java.util.function.Supplier;

/**
 * Makes an address a Temporary Client when a user whose Relay service is enabled
 * authenticates from it (chapter: "Checking Network Address Status"): for the UnBlocking
 * Time of the cluster-wide settings, its next sessions are classified as Client ones, as long as
 * the list holds fewer than the UnBlockable Addresses Limit. Client addresses need no entry.
 * Hears the session events; never blocks.
 */
public final class TemporaryClientGrant implements SessionEvents {
    private final Supplier<EffectiveSettings> settings;
    private final TemporaryClients temporaryClients;

    public TemporaryClientGrant(Supplier<EffectiveSettings> settings, TemporaryClients temporaryClients) {
        this.settings = settings;
        this.temporaryClients = temporaryClients;
    }

    @Override
    public void loginSucceeded(IpAddress client, String user, String sessionReference) {
        EffectiveSettings current = settings.get();
        if (!current.clientAddresses().contains(client) && DirectoryAuthenticator.mayRelay(current, user)) {
            var bounds = current.cluster().temporaryBlocking();
            temporaryClients.add(client, bounds.unblockingTime(), bounds.unblockableAddressesLimit());
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
