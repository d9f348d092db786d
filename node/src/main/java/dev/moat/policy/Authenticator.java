package dev.moat.policy;

import dev.moat.net.IpAddress;
import java.util.concurrent.CompletionStage;

/**
 * Checks a user name and password (SMTP AUTH PLAIN and LOGIN). Slow by design (password
 * hashes are meant to be costly), so it answers asynchronously and never on the caller's
 * thread, and it may answer {@link Login.Busy} at once rather than queue without bound.
 */
public interface Authenticator {

    CompletionStage<Login> authenticate(String user, char[] password, IpAddress client);
}
