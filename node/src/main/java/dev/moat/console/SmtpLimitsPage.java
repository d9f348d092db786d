package dev.moat.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * SMTP limits and listeners: sizes, recipients, connections, protocol errors, timeouts, AUTH
 * and TLS, and each listener. All server-wide (the {@code smtp} section of the node's file),
 * shown read-only.
 */
final class SmtpLimitsPage implements ConsolePage {

    @Override
    public String path() {
        return "mail/smtp-limits";
    }

    @Override
    public String title() {
        return "SMTP limits";
    }

    @Override
    public String group() {
        return "Mail";
    }

    @Override
    public PageResult get(PageContext context) {
        JsonNode smtp = SettingsPage.report(context.api()).path("smtp");
        List<List<Html>> listeners = new ArrayList<>();
        for (JsonNode listener : smtp.path("listeners")) {
            listeners.add(List.of(Html.text(Parts.text(listener.path("name"))), Html.text(Parts.text(listener.path("kind"))),
                    Html.text(Parts.text(listener.path("address")) + ":" + Parts.text(listener.path("port"))),
                    Html.text(listener.path("proxyProtocol").asBoolean() ? "PROXY from " + Parts.text(listener.path("trustedProxies")).strip() : "no")));
        }
        return PageResult.page(Html.render("""
                <h1>SMTP limits</h1>
                <p class="note">Server-wide only: the <code>smtp</code> section of this node's settings file, read-only here. Listeners take effect at the next restart, everything else at the next connection.</p>
                {{switch}}
                {{server}}
                {{cluster}}
                {{effective}}
                {{listeners}}
                """, "switch", Parts.layerSwitch(),
                "server", Parts.section("server-wide", "Server-wide settings", Parts.facts(List.of(
                        new String[] {"Host name (smtp.host-name)", Parts.text(smtp.path("hostName"))},
                        new String[] {"Greeting", Parts.text(smtp.path("greeting"))},
                        new String[] {"Largest message (max-message-size)", Parts.text(smtp.path("maxMessageSize"))},
                        new String[] {"Recipients per message (max-recipients)", Parts.text(smtp.path("maxRecipients"))},
                        new String[] {"Connections in total (max-connections)", Parts.text(smtp.path("maxConnections"))},
                        new String[] {"Connections per address (max-connections-per-address)", Parts.text(smtp.path("maxConnectionsPerAddress"))},
                        new String[] {"Protocol errors before 421 (max-protocol-errors)", Parts.text(smtp.path("maxProtocolErrors"))},
                        new String[] {"Timeouts: command, data, address status", Parts.text(smtp.path("commandTimeout")) + ", "
                                + Parts.text(smtp.path("dataTimeout")) + ", " + Parts.text(smtp.path("addressStatusTimeout"))},
                        new String[] {"STARTTLS offered", smtp.path("tls").asBoolean() ? "yes" : "no"},
                        new String[] {"AUTH before STARTTLS", smtp.path("allowPlaintextAuth").asBoolean() ? "allowed" : "not offered"},
                        new String[] {"Failed AUTH per session (auth.max-failures)", Parts.text(smtp.path("maxAuthFailures"))},
                        new String[] {"Password verification: threads, queue", Parts.text(smtp.path("verificationThreads")) + ", "
                                + Parts.text(smtp.path("verificationQueue"))},
                        new String[] {"Lenient line endings for", Parts.text(smtp.path("lenientLineEndings")).isBlank() ? "(nobody)"
                                : Parts.text(smtp.path("lenientLineEndings")).strip()}))),
                "cluster", Parts.clusterSection(Html.render("<p>The SMTP limits have no cluster-wide layer.</p>")),
                "effective", Parts.effectiveSection("The server-wide values above.", Html.EMPTY),
                "listeners", Parts.table("Listeners", List.of("Name", "Kind", "Address", "PROXY protocol"), listeners)));
    }
}
