package dev.moat.settings;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A certificate chain and its PKCS#8 private key as PEM files, read from a mapping's
 * {@code certificate} and {@code private-key} keys: either both or neither (none then).
 */
public record CertificateFiles(Path certificate, Path privateKey) {
    public CertificateFiles {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    /** Both files, or empty when neither is given; one without the other is an error. */
    static Optional<CertificateFiles> read(MappingReader r, String withoutEither) {
        Optional<Path> certificate = r.file("certificate");
        Optional<Path> privateKey = r.file("private-key");
        if (certificate.isPresent() && privateKey.isEmpty()) {
            r.error("certificate", "needs private-key too (or neither, for " + withoutEither + ")");
        } else if (privateKey.isPresent() && certificate.isEmpty()) {
            r.error("private-key", "needs certificate too (or neither, for " + withoutEither + ")");
        }
        return certificate.isPresent() && privateKey.isPresent()
                ? Optional.of(new CertificateFiles(certificate.get(), privateKey.get())) : Optional.empty();
    }
}
