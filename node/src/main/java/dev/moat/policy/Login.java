package dev.moat.policy;

/**
 * The answer of an {@link Authenticator} to one AUTH: the account logged in, the credentials
 * failed (wrong, or the account may not log in from here: a failed login either way), or the
 * verification was not even tried because password checking is busy ({@code reason}:
 * {@code queue-full}, {@code address-busy}), which the client is told to retry later.
 */
public sealed interface Login {

    record Succeeded(String account) implements Login {
    }

    record Failed() implements Login {
    }

    record Busy(String reason) implements Login {
    }

    static Login succeeded(String account) {
        return new Succeeded(account);
    }

    static Login failed() {
        return new Failed();
    }

    static Login busy(String reason) {
        return new Busy(reason);
    }
}
