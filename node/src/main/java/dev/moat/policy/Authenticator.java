package dev.moat.policy;

import dev.moat.net.IpAddress;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Checks a user name and password (SMTP AUTH PLAIN and LOGIN). Slow by design (password
 * hashes are meant to be costly), so it answers asynchronously and never on the caller's
 * thread. Answers the canonical account name on success, empty on failure.
 */
public interface Authenticator {

    CompletionStage<Optional<String>> authenticate(String user, char[] password, IpAddress client);
}
