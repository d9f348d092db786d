package dev.moat.admin;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The API's own token check, for pages that log their users in with the admin token
 * ({@link AdminPages}): {@link #accepts} compares in constant time with the token in force now
 * (a rotated token file counts at once) and logs a refusal as the API does (at most one WARN a
 * minute per peer, never the token); {@link #fingerprint} names the token in force without
 * revealing it (an HMAC under a key made at start and never shown), so a session made with one
 * token can tell when the token has changed.
 */
public final class AdminTokenCheck {
    private final Supplier<String> token;
    private final RefusalLog refusals;
    private final byte[] key = new byte[32];

    AdminTokenCheck(Supplier<String> token, RefusalLog refusals) {
        this.token = token;
        this.refusals = refusals;
        new SecureRandom().nextBytes(key);
    }

    /** Whether {@code presented} is the admin token; a refusal is logged with the peer and {@code what} was asked. */
    public boolean accepts(String presented, String remoteAddress, String what) {
        boolean same = presented != null && AdminToken.sameToken(token.get(), presented.strip());
        if (!same) {
            refusals.refused(remoteAddress, "POST", what, "wrong token");
        }
        return same;
    }

    /** A value that changes when the admin token changes and tells nothing about it. */
    public byte[] fingerprint() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(token.get().getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java has HmacSHA256", e);
        }
    }

    /** Whether two fingerprints are the same, in constant time. */
    public static boolean same(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    @Override
    public String toString() {
        return "AdminTokenCheck[token=(hidden)]";
    }
}
