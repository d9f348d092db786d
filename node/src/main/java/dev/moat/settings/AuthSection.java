package dev.moat.settings;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code smtp.auth} section: the users who may authenticate, whether AUTH is offered
 * before STARTTLS (never by default, as passwords would cross the network in clear), how many
 * failed AUTH attempts a session may make before it is closed, and the bounds of password
 * verification: threads hashing at once and verifications that may wait for one.
 */
public record AuthSection(boolean allowPlaintext, List<AuthUser> users, int maxFailures, int verificationThreads,
        int verificationQueue) {
    private static final String HASH_FORM = "must be a password hash of the form $pbkdf2-sha256$i=<iterations>$<salt>$<hash>"
            + " with at least 100000 iterations (the value is not shown here)";

    public AuthSection {
        users = List.copyOf(users);
    }

    public Optional<AuthUser> user(String name) {
        return users.stream().filter(user -> user.name().equals(name)).findFirst();
    }

    static AuthSection read(MappingReader r) {
        boolean allowPlaintext = r.bool("allow-plaintext", false);
        int maxFailures = r.integer("max-failures", 3, 1, 100);
        int threads = r.integer("verification-threads", 2, 1, 64);
        int queue = r.integer("verification-queue", 20, 0, 10_000);
        Map<String, Integer> seen = new HashMap<>();
        List<AuthUser> users = r.list("users", List.of(), user -> {
            String name = user.text("name", "");
            if (name.isBlank()) {
                user.error("name", "must not be empty");
            } else {
                Integer first = seen.putIfAbsent(name, user.lineOf("name"));
                if (first != null) {
                    user.error("name", "user " + name + " is already listed on line " + first);
                }
            }
            String hash = user.text("password", "");
            Optional<PasswordHash> password = PasswordHash.parse(hash);
            if (password.isEmpty()) {
                user.error("password", HASH_FORM);
            }
            return password.map(p -> new AuthUser(name, p)).orElse(null);
        });
        return new AuthSection(allowPlaintext, users.stream().filter(Objects::nonNull).toList(), maxFailures, threads,
                queue);
    }
}
