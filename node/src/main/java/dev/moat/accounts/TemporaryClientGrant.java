package dev.moat.accounts;

import dev.moat.policy.SessionEvent;
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
    public void on(SessionEvent event) {
        if (event instanceof SessionEvent.LoginSucceeded login) {
            EffectiveSettings current = settings.get();
            if (!current.clientAddresses().contains(login.client()) && current.directory().mayRelay(login.user())) {
                temporaryClients.add(login.client(), unblockingTime.get());
            }
        }
    }
}
