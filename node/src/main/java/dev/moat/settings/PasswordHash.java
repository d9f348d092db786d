package dev.moat.settings;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A salted PBKDF2-HMAC-SHA256 password hash in the form {@code
 * $pbkdf2-sha256$i=<iterations>$<base64 salt>$<base64 hash>} (standard Base64, padding
 * optional). New hashes use {@value #ITERATIONS} iterations, a 16-byte random salt and a
 * 32-byte hash; parsing accepts 100,000 to 10,000,000 iterations and salts of 16 to 64 bytes.
 * {@link #matches} compares in constant time. {@link #toString()} shows the iteration count
 * only, so a hash never reaches a log by accident.
 */
public final class PasswordHash {
    /** A few tenths of a second of one core; OWASP (2023) asks 600,000, which would make AUTH floods too costly to absorb. */
    public static final int ITERATIONS = 310_000;
    private static final int MIN_ITERATIONS = 100_000;
    private static final int MAX_ITERATIONS = 10_000_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    /** The encoded form, to find hashes inside a longer text (the admin API hides every one it finds). */
    public static final Pattern ENCODED_FORM =
            Pattern.compile("\\$pbkdf2-sha256\\$i=(\\d{1,9})\\$([A-Za-z0-9+/]+={0,2})\\$([A-Za-z0-9+/]+={0,2})");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private PasswordHash(int iterations, byte[] salt, byte[] hash) {
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    /** Hashes a password with a fresh salt; the caller's array is left as it was. */
    public static String create(char[] password) {
        if (password.length == 0) {
            throw new IllegalArgumentException("empty password");
        }
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return new PasswordHash(ITERATIONS, salt, derive(password, salt, ITERATIONS)).encoded();
    }

    /** Empty when the text is not a hash of this form; the reason is never the text itself. */
    public static Optional<PasswordHash> parse(String text) {
        Matcher m = ENCODED_FORM.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        int iterations = Integer.parseInt(m.group(1));
        byte[] salt;
        byte[] hash;
        try {
            salt = Base64.getDecoder().decode(m.group(2));
            hash = Base64.getDecoder().decode(m.group(3));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        boolean sane = iterations >= MIN_ITERATIONS && iterations <= MAX_ITERATIONS
                && salt.length >= SALT_BYTES && salt.length <= 64 && hash.length == HASH_BYTES;
        return sane ? Optional.of(new PasswordHash(iterations, salt, hash)) : Optional.empty();
    }

    public boolean matches(char[] password) {
        if (password.length == 0) {
            return false;
        }
        return MessageDigest.isEqual(hash, derive(password, salt, iterations));
    }

    /**
     * As {@link #matches}, but costing at least {@code iterations} iterations whatever this
     * hash's own count: the difference is spent on a throwaway derivation, so that every
     * verification against hashes of different strengths takes the same time.
     */
    public boolean matchesAtCost(char[] password, int iterations) {
        boolean matched = matches(password);
        if (iterations > this.iterations && password.length > 0) {
            derive(password, salt, iterations - this.iterations);
        }
        return matched;
    }

    /**
     * A hash that no password matches, with the given cost, to verify against when a login
     * names no account, so that it costs what a real account's verification costs.
     */
    public static PasswordHash unmatchable(int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        byte[] hash = new byte[HASH_BYTES];
        RANDOM.nextBytes(salt);
        RANDOM.nextBytes(hash);
        return new PasswordHash(Math.max(1, iterations), salt, hash);
    }

    public int iterations() {
        return iterations;
    }

    /** The hash in its settings form, for writing back to a settings file. */
    public String encoded() {
        Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
        return "$pbkdf2-sha256$i=" + iterations + "$" + base64.encodeToString(salt) + "$" + base64.encodeToString(hash);
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BYTES * 8);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is part of every JDK", e);
        } finally {
            spec.clearPassword();
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PasswordHash that && iterations == that.iterations
                && Arrays.equals(salt, that.salt) && Arrays.equals(hash, that.hash);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(salt) + Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
        return "PasswordHash[pbkdf2-sha256, i=" + iterations + "]";
    }
}
