package dev.moat.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin token and where it came from. {@link #resolve} takes the environment variable
 * {@code MOAT_ADMIN_TOKEN} when set, else the token file (the setting, default
 * {@code <data-dir>/admin-token}), generating that file with 32 random bytes in hex, readable by
 * its owner only, when it is missing. The token itself is never logged or printed:
 * {@link #toString()} shows only its source.
 */
public record AdminToken(String value, String source) {

    public static final String ENVIRONMENT_VARIABLE = "MOAT_ADMIN_TOKEN";
    private static final Logger log = LoggerFactory.getLogger(AdminToken.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    public AdminToken {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the admin token must not be blank");
        }
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
            return read(file);
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

    private static AdminToken read(Path file) throws IOException {
        String token = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (token.isEmpty()) {
            throw new IllegalStateException("the admin token file " + file + " is empty");
        }
        warnIfOthersCanRead(file);
        return new AdminToken(token, "file " + file);
    }

    /** Writes a new token to a temporary file first, so a crash never leaves an empty token file. */
    private static void generate(Path file) throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path temporary = folder.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? Files.createTempFile(folder, ".admin-token", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createTempFile(folder, ".admin-token", ".tmp");
        try {
            Files.writeString(temporary, HexFormat.of().formatHex(random) + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
        log.info("Generated an admin token in {} (readable by its owner only); "
                + "send it as 'Authorization: Bearer <token>' to change settings", file);
    }

    private static void warnIfOthersCanRead(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.GROUP_READ)
                    || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                log.warn("The admin token file {} is readable by others than its owner", file);
            }
        } catch (UnsupportedOperationException | IOException e) {
            log.debug("Cannot check the permissions of {}: {}", file, e.toString());
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
