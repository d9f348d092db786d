package dev.moat.accounts;

import dev.moat.settings.AuthUser;
import dev.moat.settings.Directory;
import dev.moat.settings.EffectiveSettings;
import dev.moat.settings.PasswordHash;

/**
 * The cost every password verification pays under one settings snapshot: the iteration count
 * of the costliest hash in force (directory accounts and {@code smtp.auth.users}), or the
 * default for new hashes when there is none. Verifying against a weaker hash, or against no
 * account at all, is padded to it, so the time an AUTH takes says nothing about which names
 * exist. Worked out once per snapshot.
 */
final class VerificationCost {
    private record Known(EffectiveSettings settings, int iterations) {
    }

    private volatile Known known;

    int of(EffectiveSettings settings) {
        var last = known;
        if (last != null && last.settings() == settings) {
            return last.iterations();
        }
        int most = settings.directory().accounts().values().stream()
                .map(Directory.Account::password).mapToInt(PasswordHash::iterations).max().orElse(0);
        most = Math.max(most, settings.server().smtp().auth().users().stream()
                .map(AuthUser::password).mapToInt(PasswordHash::iterations).max().orElse(0));
        int iterations = most == 0 ? PasswordHash.ITERATIONS : most;
        known = new Known(settings, iterations);
        return iterations;
    }
}
