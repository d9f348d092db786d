package dev.moat.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Domains and accounts: the local domains of this node's file and in effect, the domains and
 * accounts of the cluster-wide {@code directory} document with the services in effect for
 * each (from the API's account route: never a password hash, only that one is set), and
 * forms that add, change and delete them through the API's directory routes, each one
 * versioned replace of the document. A password typed here is hashed by the node at once and
 * never shown again, not even after a refused change.
 */
final class DirectoryPage implements ConsolePage {
    static final int MOST_ACCOUNTS_SHOWN = 500;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> SERVICES = List.of("smtp", "relay", "roaming");

    @Override
    public String path() {
        return "mail/directory";
    }

    @Override
    public String title() {
        return "Domains and accounts";
    }

    @Override
    public String group() {
        return "Mail";
    }

    @Override
    public PageResult get(PageContext context) {
        return PageResult.page(render(context, ""));
    }

    @Override
    public PageResult post(PageContext context) {
        Form form = context.form();
        String name = form.value("name").strip();
        if (!Api.segment(name)) {
            return PageResult.page(400, render(context, "Give a name: user@domain for an account, a domain name for a domain."));
        }
        Api.Answer answer;
        switch (form.value("action")) {
            case "put-account" -> {
                ObjectNode body = MAPPER.createObjectNode();
                if (!form.value("password").isEmpty()) {
                    body.put("password", form.value("password"));
                }
                body.set("services", services(form));
                if (!form.value("login-addresses").isBlank()) {
                    body.put("loginAddresses", form.value("login-addresses"));
                }
                answer = context.api().put("/api/v1/directory/accounts/" + name, Map.of("Content-Type", "application/json"), body.toString());
            }
            case "delete-account" -> answer = context.api().delete("/api/v1/directory/accounts/" + name);
            case "put-domain" -> {
                ObjectNode body = MAPPER.createObjectNode();
                body.set("services", services(form));
                answer = context.api().put("/api/v1/directory/domains/" + name, Map.of("Content-Type", "application/json"), body.toString());
            }
            case "delete-domain" -> answer = context.api().delete("/api/v1/directory/domains/" + name);
            default -> {
                return PageResult.page(400, render(context, "Unknown action."));
            }
        }
        if (!answer.ok()) {
            return PageResult.page(answer.status() >= 500 ? 500 : 400, render(context, "Not changed: " + answer.error()));
        }
        return PageResult.redirect(context.self(), "Saved: " + name + "; the directory is now at version "
                + Parts.text(answer.json().path("directoryVersion")) + ".");
    }

    private static ObjectNode services(Form form) {
        ObjectNode services = MAPPER.createObjectNode();
        for (String service : SERVICES) {
            String value = form.value(service);
            if (value.equals("on") || value.equals("off")) {
                services.put(service, value.equals("on"));
            }
        }
        return services;
    }

    private Html render(PageContext context, String problem) {
        JsonNode report = SettingsPage.report(context.api());
        Map<String, Object> directory = directory(Documents.load(context.api(), "directory").text());
        List<List<Html>> domains = new ArrayList<>();
        for (Map<String, Object> domain : items(directory, "domains")) {
            String name = String.valueOf(domain.get("name"));
            domains.add(List.of(Html.text(name), Html.text(String.valueOf(domain.getOrDefault("services", "all on"))),
                    deleteButton(context, "delete-domain", name, "Delete domain " + name)));
        }
        List<List<Html>> accounts = new ArrayList<>();
        List<Map<String, Object>> listed = items(directory, "accounts");
        for (Map<String, Object> account : listed.subList(0, Math.min(listed.size(), MOST_ACCOUNTS_SHOWN))) {
            String name = String.valueOf(account.get("name"));
            JsonNode view = Api.segment(name) ? context.api().get("/api/v1/directory/accounts/" + name).json()
                    : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
            accounts.add(List.of(Html.text(name), Html.text(Parts.text(view.path("password"))),
                    Html.text(Parts.text(view.path("services"))), Html.text(Parts.text(view.path("loginAddresses")).strip()),
                    deleteButton(context, "delete-account", name, "Delete account " + name)));
        }
        return Html.render("""
                <h1>Domains and accounts</h1>
                {{problem}}
                {{switch}}
                {{server}}
                <section id="cluster-wide" aria-labelledby="cluster-wide-title">
                <h2 id="cluster-wide-title">Cluster-wide settings: the directory</h2>
                {{domains}}
                {{domainForm}}
                {{accounts}}
                {{more}}
                {{accountForm}}
                </section>
                {{effective}}
                """, "problem", Parts.notice("error", problem), "switch", Parts.layerSwitch(),
                "server", Parts.section("server-wide", "Server-wide settings", Parts.facts(List.of(
                        new String[] {"Local domains (local-domains)", Parts.lines(report.path("localDomains").path("server")).strip()},
                        new String[] {"Users of the file (smtp.auth.users), by name", report.path("authUsers").isEmpty() ? "(none)"
                                : Parts.lines(report.path("authUsers")).strip()}))),
                "domains", Parts.table("Domains", List.of("Domain", "Services of its accounts", ""), domains),
                "domainForm", domainForm(context),
                "accounts", Parts.table("Accounts (services in effect)", List.of("Account", "Password", "Services", "Login addresses", ""), accounts),
                "more", listed.size() > MOST_ACCOUNTS_SHOWN ? Html.render("<p class=\"note\">{{n}} accounts; the first {{m}} are shown.</p>",
                        "n", listed.size(), "m", MOST_ACCOUNTS_SHOWN) : Html.EMPTY,
                "accountForm", accountForm(context),
                "effective", Parts.section("effective", "In effect on this node", Parts.facts(List.<String[]>of(
                        new String[] {"Local domains: the file's and every directory domain",
                                Parts.lines(report.path("localDomains").path("effective")).strip()}))));
    }

    private static Html deleteButton(PageContext context, String action, String name, String label) {
        return Html.render("""
                <form method="post" action="{{self}}" class="inline">{{csrf}}<input type="hidden" name="action" value="{{action}}"><input type="hidden" name="name" value="{{name}}"><button type="submit" class="danger" aria-label="{{label}}">Delete</button></form>""",
                "self", context.self(), "csrf", context.csrfField(), "action", action, "name", name, "label", label);
    }

    private static Html serviceSelects(String prefix, String defaultLabel) {
        List<Html> selects = new ArrayList<>();
        for (String service : SERVICES) {
            selects.add(Html.render("""
                    <label for="{{p}}-{{s}}">{{S}}</label>
                    <select id="{{p}}-{{s}}" name="{{s}}"><option value="">{{d}}</option><option value="on">on</option><option value="off">off</option></select>
                    """, "p", prefix, "s", service, "S", service.toUpperCase(java.util.Locale.ROOT), "d", defaultLabel));
        }
        return Html.join(selects);
    }

    private static Html domainForm(PageContext context) {
        return Html.render("""
                <form method="post" action="{{self}}" class="editor"><fieldset><legend>Add a domain or change its services</legend>
                {{csrf}}<input type="hidden" name="action" value="put-domain">
                <label for="domain-name">Domain</label><input id="domain-name" name="name" required autocomplete="off">
                {{selects}}
                <p><button type="submit">Save domain</button></p></fieldset></form>
                """, "self", context.self(), "csrf", context.csrfField(), "selects", serviceSelects("domain", "on"));
    }

    private static Html accountForm(PageContext context) {
        return Html.render("""
                <form method="post" action="{{self}}" class="editor"><fieldset><legend>Add an account or change one</legend>
                {{csrf}}<input type="hidden" name="action" value="put-account">
                <label for="account-name">Account (user@domain)</label><input id="account-name" name="name" required autocomplete="off">
                <label for="account-password">Password (leave empty to keep it)</label><input id="account-password" name="password" type="password" autocomplete="new-password">
                {{selects}}
                <label for="account-login">Login addresses (a network address list; leave empty to keep them)</label><textarea id="account-login" name="login-addresses" rows="3"></textarea>
                <p><button type="submit">Save account</button></p></fieldset></form>
                """, "self", context.self(), "csrf", context.csrfField(), "selects", serviceSelects("account", "as its domain"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> directory(String text) {
        try {
            Object loaded = new Load(LoadSettings.builder().build()).loadFromString(text.isBlank() ? "{}" : text);
            return loaded instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        } catch (YamlEngineException e) {
            return Map.of();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> items(Map<String, Object> directory, String key) {
        List<Map<String, Object>> items = new ArrayList<>();
        if (directory.get(key) instanceof List<?> list) {
            list.stream().filter(Map.class::isInstance).forEach(item -> items.add((Map<String, Object>) item));
        }
        return items;
    }
}
