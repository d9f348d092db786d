package dev.moat;

import dev.moat.admin.AdminOptions;
import dev.moat.admin.AdminToken;
import dev.moat.files.SecretFiles;
import dev.moat.net.IpAddress;
import dev.moat.settings.AdminSection;
import dev.moat.settings.ServerSettings;
import dev.moat.smtp.TlsContexts;
import io.netty.handler.ssl.SslContext;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin listener's options from the settings and the environment, and the check of the
 * node's secret files that goes with it: the token ({@code MOAT_ADMIN_TOKEN}, else the token
 * file), the address ({@code MOAT_ADMIN_ADDRESS}, else {@code admin.address}: the Helm chart
 * sets the variable to the pod's address, which one shared settings file cannot name), HTTPS
 * when {@code admin.tls} names a certificate and key, and the request timeout.
 */
final class AdminSetup {
    static final String ADDRESS_VARIABLE = "MOAT_ADMIN_ADDRESS";
    private static final Logger log = LoggerFactory.getLogger(AdminSetup.class);

    private AdminSetup() {
    }

    /**
     * @throws IllegalArgumentException when {@code MOAT_ADMIN_ADDRESS} is not one IP address
     * @throws SSLException when the certificate or key cannot be used
     */
    static AdminOptions options(ServerSettings settings, Map<String, String> env) throws SSLException {
        AdminSection admin = settings.admin();
        var token = AdminToken.resolve(admin.tokenFile().toString(), settings.node().dataDir(), env);
        log.info("admin token from {}", token.source());
        SecretFiles.check(settings.node().dataDir(), token.file().orElse(null));
        String address = admin.address().toString();
        String fromEnvironment = env.getOrDefault(ADDRESS_VARIABLE, "").strip();
        if (!fromEnvironment.isEmpty()) {
            address = IpAddress.parse(fromEnvironment).toString();
            log.info("admin address {} from environment variable {}", address, ADDRESS_VARIABLE);
        }
        Optional<SslContext> tls = Optional.empty();
        if (admin.tls().isPresent()) {
            var files = admin.tls().get();
            tls = Optional.of(TlsContexts.fromFiles(files.certificate().toString(), files.privateKey().toString()));
        }
        return new AdminOptions(address, admin.port(), token, tls, admin.requestTimeout());
    }
}
