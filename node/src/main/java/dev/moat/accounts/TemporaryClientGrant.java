package dev.moat.accounts;

import dev.moat.policy.SessionEvent;
import dev.moat.policy.SessionEvents;
import dev.moat.policy.TemporaryClients;
import dev.moat.settings.EffectiveSettings;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Makes an address a Temporary Client when a user whose Relay service is enabled
 * authenticates from it (chapter: "Checking Network Address Status"): for the UnBlocking
 * Time of the temporary-blocking settings in effect, its next sessions are classified as Client ones, as long as
 * the list holds fewer than the UnBlockable Addresses Limit. Client addresses need no entry.
 * Hears the session events; never blocks.
 */
public final class TemporaryClientGrant implements SessionEvents {
    private final Supplier<EffectiveSettings> settings;
    private final TemporaryClients temporaryClients;

    private final BooleanSupplier inCluster;

    public TemporaryClientGrant(Supplier<EffectiveSettings> settings, TemporaryClients temporaryClients) {
        this(settings, temporaryClients, () -> true);
    }

    /** {@code inCluster}: whether only the cluster-wide temporary-blocking settings are in effect. */
    public TemporaryClientGrant(Supplier<EffectiveSettings> settings, TemporaryClients temporaryClients,
            BooleanSupplier inCluster) {
        this.settings = settings;
        this.temporaryClients = temporaryClients;
        this.inCluster = inCluster;
    }

    @Override
    public void on(SessionEvent event) {
        if (event instanceof SessionEvent.LoginSucceeded login) {
            EffectiveSettings current = settings.get();
            if (!current.clientAddresses().contains(login.client()) && current.directory().mayRelay(login.user())) {
                var bounds = current.temporaryBlocking(inCluster.getAsBoolean());
                temporaryClients.add(login.client(), bounds.unblockingTime(), bounds.unblockableAddressesLimit());
            }
        }
    }
}
