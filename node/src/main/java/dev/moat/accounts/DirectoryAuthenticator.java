package dev.moat.accounts;

import dev.moat.net.IpAddress;
import dev.moat.policy.Authenticator;
import dev.moat.policy.Login;
import dev.moat.settings.AuthUser;
import dev.moat.settings.Directory;
import dev.moat.settings.EffectiveSettings;
import dev.moat.settings.PasswordHash;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks SMTP AUTH credentials against the accounts of the cluster-wide directory, then the
 * users of the settings file (chapter: "Restrictions for Roaming Users"). An account whose SMTP
 * service is disabled cannot log in; one whose Roaming service is disabled logs in only from a
 * Client address or its own permitted-login addresses, and anywhere else the AUTH fails like a
 * wrong password (a failed login). Hashing runs on the bounded {@link VerificationPool}, never
 * on an event loop; when that is busy the answer is {@link Login.Busy} at once. Timing does not
 * reveal which accounts exist: every verification costs the iterations of the costliest hash in
 * force ({@link VerificationCost}), an unknown name against a hash no password matches, and the
 * services are judged only after the hash.
 */
public final class DirectoryAuthenticator implements Authenticator {
    private static final Logger log = LoggerFactory.getLogger(DirectoryAuthenticator.class);

    private final Supplier<EffectiveSettings> settings;
    private final VerificationPool pool;
    private final VerificationCost cost = new VerificationCost();

    public DirectoryAuthenticator(Supplier<EffectiveSettings> settings, VerificationPool pool) {
        this.settings = settings;
        this.pool = pool;
    }

    @Override
    public CompletionStage<Login> authenticate(String user, char[] password, IpAddress client) {
        var current = settings.get();
        return pool.submit(client, () -> {
            try {
                return check(current, user, password, client);
            } finally {
                Arrays.fill(password, '\0');
            }
        }, reason -> {
            Arrays.fill(password, '\0');
            return Login.busy(reason);
        });
    }

    /** The verification itself, on the caller's thread. */
    Login check(EffectiveSettings current, String user, char[] password, IpAddress client) {
        int iterations = cost.of(current);
        Directory directory = current.directory();
        Optional<Directory.Account> account = directory.account(user);
        if (account.isEmpty()) {
            Optional<AuthUser> fileUser = current.server().smtp().auth().users().stream()
                    .filter(u -> u.name().equalsIgnoreCase(user))
                    .findFirst();
            PasswordHash hash = fileUser.map(AuthUser::password).orElseGet(() -> PasswordHash.unmatchable(iterations));
            boolean ok = hash.matchesAtCost(password, iterations);
            return fileUser.isPresent() && ok ? Login.succeeded(fileUser.get().name()) : Login.failed();
        }
        if (!account.get().password().matchesAtCost(password, iterations)) {
            return Login.failed();
        }
        Directory.Services services = directory.services(account.get());
        if (!services.smtp()) {
            log.info("login as {} refused: its SMTP service is disabled", account.get().name());
            return Login.failed();
        }
        if (!services.roaming() && !current.clientAddresses().contains(client)
                && !account.get().loginAddresses().addresses().contains(client)) {
            log.info("login as {} from {} refused: Roaming is disabled and the address is not a Client"
                    + " nor a permitted-login address", account.get().name(), client);
            return Login.failed();
        }
        return Login.succeeded(account.get().name());
    }
}
