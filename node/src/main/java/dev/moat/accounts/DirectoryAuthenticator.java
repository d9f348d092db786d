package dev.moat.accounts;

import dev.moat.net.IpAddress;
import dev.moat.policy.Authenticator;
import dev.moat.settings.Directory;
import dev.moat.settings.EffectiveSettings;
import dev.moat.settings.PasswordHash;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks SMTP AUTH credentials against the accounts of the cluster-wide directory, then the
 * users of the settings file (chapter: "Restrictions for Roaming Users"). An account whose SMTP
 * service is disabled cannot log in; one whose Roaming service is disabled logs in only from a
 * Client address or its own permitted-login addresses, and anywhere else the AUTH fails like a
 * wrong password (a failed login). Hashing runs on its own executor, never on an event loop,
 * and an unknown name costs the same hashing as a known one.
 */
public final class DirectoryAuthenticator implements Authenticator {
    private static final Logger log = LoggerFactory.getLogger(DirectoryAuthenticator.class);
    private static final PasswordHash DUMMY = PasswordHash.parse(PasswordHash.create("dummy".toCharArray())).orElseThrow();

    private final Supplier<EffectiveSettings> settings;
    private final Executor executor;

    public DirectoryAuthenticator(Supplier<EffectiveSettings> settings, Executor executor) {
        this.settings = settings;
        this.executor = executor;
    }

    @Override
    public CompletionStage<Optional<String>> authenticate(String user, char[] password, IpAddress client) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return check(settings.get(), user, password, client);
            } finally {
                Arrays.fill(password, '\0');
            }
        }, executor);
    }

    private static Optional<String> check(EffectiveSettings current, String user, char[] password, IpAddress client) {
        Directory directory = current.directory();
        Optional<Directory.Account> account = directory.account(user);
        if (account.isPresent()) {
            if (!account.get().password().matches(password)) {
                return Optional.empty();
            }
            Directory.Services services = directory.services(account.get());
            if (!services.smtp()) {
                log.info("login as {} refused: its SMTP service is disabled", account.get().name());
                return Optional.empty();
            }
            if (!services.roaming() && !current.clientAddresses().contains(client)
                    && !account.get().loginAddresses().addresses().contains(client)) {
                log.info("login as {} from {} refused: Roaming is disabled and the address is not a Client"
                        + " nor a permitted-login address", account.get().name(), client);
                return Optional.empty();
            }
            return Optional.of(account.get().name());
        }
        var fileUser = current.server().smtp().auth().users().stream()
                .filter(u -> u.name().equalsIgnoreCase(user))
                .findFirst();
        boolean ok = fileUser.map(u -> u.password()).orElse(DUMMY).matches(password);
        return fileUser.isPresent() && ok ? Optional.of(fileUser.get().name()) : Optional.empty();
    }
}
