package dev.moat.settings;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code smtp.tls} section: whether STARTTLS (and {@code smtps}) is offered, with the
 * certificate chain and PKCS#8 private key as PEM files, or a self-signed certificate made at
 * start when neither file is given. Either both files or neither.
 */
public record TlsSection(boolean enabled, Optional<Path> certificate, Optional<Path> privateKey) {
    public TlsSection {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    public boolean selfSigned() {
        return certificate.isEmpty();
    }

    static TlsSection read(MappingReader r) {
        boolean enabled = r.bool("enabled", true);
        Optional<CertificateFiles> files = CertificateFiles.read(r, "a self-signed certificate");
        return new TlsSection(enabled, files.map(CertificateFiles::certificate), files.map(CertificateFiles::privateKey));
    }
}
