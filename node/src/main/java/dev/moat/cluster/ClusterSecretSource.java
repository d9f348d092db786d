package dev.moat.cluster;

import dev.moat.files.OwnerOnly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a member's {@link ClusterSecret} comes from: the environment variable
 * {@code MOAT_CLUSTER_SECRET} when set, else the file of {@code cluster.secret-file}, else, for a
 * lone node only, {@code <data-dir>/cluster-secret}, generated (32 random bytes, readable by its
 * owner only) when missing. A member that names other members and has neither is refused at
 * start: secrets generated apart could never agree. The log says where the secret came from,
 * never what it is.
 */
final class ClusterSecretSource {

    static final String ENVIRONMENT_VARIABLE = "MOAT_CLUSTER_SECRET";
    static final String GENERATED_FILE = "cluster-secret";
    private static final Logger log = LoggerFactory.getLogger(ClusterSecretSource.class);

    private ClusterSecretSource() {
    }

    /**
     * @throws IllegalArgumentException when the secret given is too short or missing where one
     *     must be given
     * @throws UncheckedIOException when a secret file cannot be read or created
     */
    static ClusterSecret resolve(Optional<Path> secretFile, Path dataDir, Map<String, String> env, boolean lone) {
        String fromEnvironment = env.get(ENVIRONMENT_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            ClusterSecret secret = parse(fromEnvironment, "the environment variable " + ENVIRONMENT_VARIABLE);
            log.info("Cluster secret from the environment variable {} ({})", ENVIRONMENT_VARIABLE, secret);
            return secret;
        }
        if (secretFile.isPresent()) {
            return read(secretFile.get(), "cluster.secret-file");
        }
        if (!lone) {
            throw new IllegalArgumentException("cluster.members names other members, so every member needs the same "
                    + "cluster secret: set " + ENVIRONMENT_VARIABLE + " or cluster.secret-file (README: The cluster secret)");
        }
        Path generated = dataDir.resolve(GENERATED_FILE);
        if (Files.notExists(generated)) {
            generate(generated);
        }
        return read(generated, "the generated file");
    }

    private static ClusterSecret read(Path file, String what) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the cluster secret file " + file + " (" + what + ")", e);
        }
        ClusterSecret secret = parse(text, "the file " + file);
        warnIfOthersCanRead(file);
        log.info("Cluster secret from {} {} ({})", what, file, secret);
        return secret;
    }

    private static ClusterSecret parse(String text, String where) {
        try {
            return ClusterSecret.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the cluster secret in " + where + " is refused: " + e.getMessage(), e);
        }
    }

    /** Writes a temporary file first, so a crash never leaves an empty secret file. */
    private static void generate(Path file) {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        try {
            Path folder = file.toAbsolutePath().getParent();
            OwnerOnly.createFolders(folder);
            Path temporary = OwnerOnly.createTempFile(folder, ".cluster-secret");
            try {
                Files.writeString(temporary, Base64.getEncoder().encodeToString(random) + "\n", StandardCharsets.UTF_8);
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the cluster secret file " + file, e);
        }
        log.info("Generated a cluster secret in {} (readable by its owner only): this node is alone; give every "
                + "member of a cluster the same secret", file);
    }

    private static void warnIfOthersCanRead(Path file) {
        OwnerOnly.looser(file).ifPresent(mode ->
                log.warn("The cluster secret file {} is {}: others than its owner may read it (chmod 600 {})", file, mode, file));
    }
}
