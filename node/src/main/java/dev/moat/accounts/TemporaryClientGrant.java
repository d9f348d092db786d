package dev.moat.accounts;

import dev.moat.policy.SessionEvent;
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
    public void on(SessionEvent event) {
        if (event instanceof SessionEvent.LoginSucceeded login) {
            EffectiveSettings current = settings.get();
            if (!current.clientAddresses().contains(login.client()) && current.directory().mayRelay(login.user())) {
                var bounds = current.cluster().temporaryBlocking();
                temporaryClients.add(login.client(), bounds.unblockingTime(), bounds.unblockableAddressesLimit());
            }
        }
    }
}
