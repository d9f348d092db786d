package dev.moat.router;

import dev.moat.net.IpAddress;
import dev.moat.policy.Authenticator;
import dev.moat.settings.EffectiveSettings;
import dev.moat.settings.PasswordHash;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Checks SMTP AUTH credentials against the users of the settings file, until the router issue
 * brings the cluster-wide directory of accounts. Hashing runs on its own executor, never on
 * an event loop; an unknown user costs the same hashing as a known one, so timing does not
 * tell which names exist.
 */
public final class SettingsAuthenticator implements Authenticator {
    private static final PasswordHash DUMMY = PasswordHash.parse(PasswordHash.create("dummy".toCharArray())).orElseThrow();

    private final Supplier<EffectiveSettings> settings;
    private final Executor executor;

    public SettingsAuthenticator(Supplier<EffectiveSettings> settings, Executor executor) {
        this.settings = settings;
        this.executor = executor;
    }

    @Override
    public CompletionStage<Optional<String>> authenticate(String user, char[] password, IpAddress client) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                var account = settings.get().server().smtp().auth().users().stream()
                        .filter(u -> u.name().equalsIgnoreCase(user))
                        .findFirst();
                var hash = account.map(u -> u.password()).orElse(DUMMY);
                boolean ok = hash.matches(password);
                return account.isPresent() && ok ? Optional.of(account.get().name()) : Optional.<String>empty();
            } finally {
                Arrays.fill(password, '\0');
            }
        }, executor);
    }
}
