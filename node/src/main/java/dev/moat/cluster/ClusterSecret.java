package dev.moat.cluster;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The cluster secret: the key every member signs cluster-wide state with (HMAC-SHA256), so
 * that a member that joined without it cannot grant itself anything. It holds one or more
 * secrets: the first signs, every one verifies, so a new secret can be rolled out member by
 * member before the old one is dropped. {@link #toString()} never shows a secret.
 */
public final class ClusterSecret {

    /** The shortest secret accepted, in characters; {@code openssl rand -base64 32} gives 44. */
    public static final int MIN_LENGTH = 32;
    private static final String ALGORITHM = "HmacSHA256";

    private final List<SecretKeySpec> keys;

    private ClusterSecret(List<SecretKeySpec> keys) {
        this.keys = List.copyOf(keys);
    }

    /**
     * Reads secrets from {@code text}: separated by white space or commas, the first the one
     * that signs.
     *
     * @throws IllegalArgumentException when there is none, or one is shorter than {@link #MIN_LENGTH}
     */
    public static ClusterSecret parse(String text) {
        List<SecretKeySpec> keys = new ArrayList<>();
        for (String word : text.strip().split("[\\s,]+")) {
            if (word.isEmpty()) {
                continue;
            }
            if (word.length() < MIN_LENGTH) {
                throw new IllegalArgumentException("a cluster secret must have at least " + MIN_LENGTH
                        + " characters (secret " + (keys.size() + 1) + " has " + word.length() + ")");
            }
            keys.add(new SecretKeySpec(word.getBytes(StandardCharsets.UTF_8), ALGORITHM));
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no cluster secret given");
        }
        return new ClusterSecret(keys);
    }

    /** The MAC of {@code message} with the signing secret, in unpadded base64url. */
    String sign(byte[] message) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(keys.get(0), message));
    }

    /** Whether {@code mac} is the MAC of {@code message} with any of the secrets. */
    MacCheck check(byte[] message, String mac) {
        if (mac == null || mac.isEmpty()) {
            return MacCheck.MISSING;
        }
        byte[] presented;
        try {
            presented = Base64.getUrlDecoder().decode(mac);
        } catch (IllegalArgumentException e) {
            return MacCheck.WRONG;
        }
        for (int i = 0; i < keys.size(); i++) {
            if (MessageDigest.isEqual(mac(keys.get(i), message), presented)) {
                return i == 0 ? MacCheck.SIGNED : MacCheck.SIGNED_BY_PREVIOUS;
            }
        }
        return MacCheck.WRONG;
    }

    int size() {
        return keys.size();
    }

    @Override
    public String toString() {
        return "ClusterSecret[" + keys.size() + (keys.size() == 1 ? " secret]" : " secrets]");
    }

    private static byte[] mac(SecretKeySpec key, byte[] message) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(message);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every Java has " + ALGORITHM, e);
        }
    }

    /** What checking a MAC found. */
    enum MacCheck {
        /** Made with the signing secret. */
        SIGNED,
        /** Made with one of the other secrets: valid, and worth signing again. */
        SIGNED_BY_PREVIOUS,
        /** There is no MAC at all (written by a release before MACs, or by a stranger). */
        MISSING,
        /** A MAC no secret of this member makes. */
        WRONG;

        boolean valid() {
            return this == SIGNED || this == SIGNED_BY_PREVIOUS;
        }
    }
}
