package dev.moat.admin;

import dev.moat.files.OwnerOnly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin token and where it came from. {@link #resolve} takes the environment variable
 * {@code MOAT_ADMIN_TOKEN} when set, else the token file (the setting, default
 * {@code <data-dir>/admin-token}), generating that file with 32 random bytes in hex, 0600 in a
 * folder made 0700, when it is missing. {@link #file()} names the file when the token came from
 * one, so {@link TokenFile} can re-read it after a rotation. The token itself is never logged
 * or printed: {@link #toString()} shows only its source.
 */
public record AdminToken(String value, String source, Optional<Path> file) {

    public static final String ENVIRONMENT_VARIABLE = "MOAT_ADMIN_TOKEN";
    private static final Logger log = LoggerFactory.getLogger(AdminToken.class);

    public AdminToken {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the admin token must not be blank");
        }
        Objects.requireNonNull(file, "file");
    }

    public AdminToken(String value, String source) {
        this(value, source, Optional.empty());
    }

    /**
     * The token for this node.
     *
     * @param tokenFileSetting the token file from the settings, or {@code null}/blank for
     *     {@code <dataDir>/admin-token}
     * @throws IllegalStateException when the token file exists but is empty
     * @throws UncheckedIOException when the file cannot be read or created
     */
    public static AdminToken resolve(String tokenFileSetting, Path dataDir, Map<String, String> env) {
        String fromEnvironment = env.get(ENVIRONMENT_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return new AdminToken(fromEnvironment.strip(), "environment variable " + ENVIRONMENT_VARIABLE);
        }
        Path file = tokenFileSetting == null || tokenFileSetting.isBlank()
                ? dataDir.resolve("admin-token")
                : Path.of(tokenFileSetting);
        try {
            if (Files.notExists(file)) {
                generate(file);
            }
            return new AdminToken(read(file), "file " + file, Optional.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the admin token file " + file, e);
        }
    }

    /** Whether {@code presented} is {@code expected}, in time that does not depend on where they differ. */
    static boolean sameToken(String expected, String presented) {
        return MessageDigest.isEqual(sha256(expected), sha256(presented));
    }

    @Override
    public String toString() {
        return "AdminToken[from " + source + "]";
    }

    /** The token in {@code file}, without surrounding white space. */
    static String read(Path file) throws IOException {
        String token = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (token.isEmpty()) {
            throw new IllegalStateException("the admin token file " + file + " is empty");
        }
        return token;
    }

    /** Writes a new token to a temporary file first, so a crash never leaves an empty token file. */
    private static void generate(Path file) throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        Path folder = file.toAbsolutePath().getParent();
        OwnerOnly.createFolders(folder);
        Path temporary = OwnerOnly.createTempFile(folder, ".admin-token");
        try {
            Files.writeString(temporary, HexFormat.of().formatHex(random) + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
        log.info("Generated an admin token in {} (readable by its owner only); "
                + "send it as 'Authorization: Bearer <token>' to change settings", file);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
