package dev.moat.smtp;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.File;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.SSLException;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The server TLS context for STARTTLS and implicit TLS: from the certificate and key files of
 * the settings (PEM), or, in the embedded defaults, a self-signed certificate made at start
 * for the host name (good for trying Moat; senders do not verify SMTP certificates by
 * default, but production wants a real one). TLS 1.2 and 1.3 only.
 */
public final class TlsContexts {
    private TlsContexts() {
    }

    public static SslContext fromFiles(String certificate, String privateKey) throws SSLException {
        return SslContextBuilder.forServer(new File(certificate), new File(privateKey))
                .protocols("TLSv1.3", "TLSv1.2")
                .build();
    }

    public static SslContext selfSigned(String hostName) throws SSLException {
        try {
            var generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            var keys = generator.generateKeyPair();
            var name = new X500Name("CN=" + hostName);
            var now = Instant.now();
            var builder = new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))),
                    name, keys.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, hostName)));
            var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate());
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
            return SslContextBuilder.forServer(keys.getPrivate(), certificate)
                    .protocols("TLSv1.3", "TLSv1.2")
                    .build();
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new SSLException("cannot make a self-signed certificate for " + hostName, e);
        }
    }
}
