package dev.moat.admin;

import static dev.moat.admin.AdminAnswer.error;
import static dev.moat.admin.AdminAnswer.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moat.net.NetworkAddressList;
import dev.moat.settings.Directory;
import dev.moat.settings.PasswordHash;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/v1/directory/domains/{domain}} and {@code /api/v1/directory/accounts/{user@domain}}:
 * one domain or account at a time, on top of the cluster document {@code directory} (each
 * change is one versioned replace of it; the document is rewritten from its contents, so its
 * comments are not kept). A password arrives in clear over the admin connection and is stored
 * only as its PBKDF2 hash; answers never show a hash.
 */
final class DirectoryRoutes {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final AdminBackend backend;

    DirectoryRoutes(AdminBackend backend) {
        this.backend = backend;
    }

    AdminAnswer getAccount(String name) {
        Directory directory = backend.directory();
        return directory.account(name.contains("@") ? name : "\0")
                .map(account -> json(200, view(directory, account)))
                .orElseGet(() -> error(404, "no account " + name));
    }

    AdminAnswer putAccount(AdminRequest request, String name) {
        String account = name.toLowerCase(Locale.ROOT);
        if (account.indexOf('@') <= 0) {
            return error(400, "an account is named user@domain");
        }
        Body body = body(request, "{\"password\": \"...\", \"services\": {\"relay\": false}}");
        if (body.problem() != null) {
            return error(400, body.problem());
        }
        JsonNode json = body.json();
        PasswordHash hash = null;
        if (json.hasNonNull("password")) {
            if (!json.get("password").isTextual() || json.get("password").asText().isEmpty()) {
                return error(400, "password must be a non-empty string");
            }
            hash = PasswordHash.parse(PasswordHash.create(json.get("password").asText().toCharArray())).orElseThrow();
        } else if (json.hasNonNull("passwordHash")) {
            hash = PasswordHash.parse(json.get("passwordHash").asText()).orElse(null);
            if (hash == null) {
                return error(400, "passwordHash must be a hash made by moat-node hash-password");
            }
        }
        NetworkAddressList login = null;
        if (json.hasNonNull("loginAddresses")) {
            var parsed = NetworkAddressList.parse(json.get("loginAddresses").asText());
            if (!parsed.ok()) {
                return error(400, "loginAddresses: " + parsed.errors());
            }
            login = parsed.list();
        }
        JsonNode services = json.path("services");
        PasswordHash newHash = hash;
        NetworkAddressList newLogin = login;
        return edit(request, directory -> {
            Optional<Directory.Account> old = directory.account(account);
            PasswordHash password = newHash != null ? newHash : old.map(Directory.Account::password)
                    .orElseThrow(() -> new IllegalArgumentException("a new account needs a password"));
            return directory.withAccount(new Directory.Account(old.map(Directory.Account::name).orElse(account), password,
                    flag(services, "smtp", old.map(Directory.Account::smtp).orElse(null)),
                    flag(services, "relay", old.map(Directory.Account::relay).orElse(null)),
                    flag(services, "roaming", old.map(Directory.Account::roaming).orElse(null)),
                    newLogin != null ? newLogin : old.map(Directory.Account::loginAddresses).orElse(NetworkAddressList.empty())));
        }, "account", account);
    }

    AdminAnswer deleteAccount(AdminRequest request, String name) {
        String account = name.toLowerCase(Locale.ROOT);
        if (backend.directory().account(account.contains("@") ? account : "\0").isEmpty()) {
            return error(404, "no account " + name);
        }
        return edit(request, directory -> directory.withoutAccount(directory.account(account).orElseThrow().name()),
                "account", account);
    }

    AdminAnswer putDomain(AdminRequest request, String name) {
        Body body = request.body().length == 0 ? new Body(MAPPER.createObjectNode(), null)
                : body(request, "{\"services\": {\"relay\": false}}");
        if (body.problem() != null) {
            return error(400, body.problem());
        }
        JsonNode services = body.json().path("services");
        return edit(request, directory -> directory.withDomain(name, new Directory.Services(
                flag(services, "smtp", true), flag(services, "relay", true), flag(services, "roaming", true))),
                "domain", name.toLowerCase(Locale.ROOT));
    }

    AdminAnswer deleteDomain(AdminRequest request, String name) {
        return edit(request, directory -> directory.withoutDomain(name), "domain", name.toLowerCase(Locale.ROOT));
    }

    private AdminAnswer edit(AdminRequest request, java.util.function.UnaryOperator<Directory> change, String kind,
            String name) {
        try {
            long version = backend.editDirectory(change, "admin-api@" + request.remoteAddress());
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put(kind, name);
            answer.put("directoryVersion", version);
            return json(200, answer);
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
    }

    private static Boolean flag(JsonNode services, String key, Boolean otherwise) {
        JsonNode value = services.get(key);
        if (value == null || value.isNull()) {
            return otherwise;
        }
        if (!value.isBoolean()) {
            throw new IllegalArgumentException("services." + key + " must be true or false");
        }
        return value.booleanValue();
    }

    /** A request body read as a JSON object, or the problem with it. */
    private record Body(JsonNode json, String problem) {
    }

    /**
     * The body as a JSON object. A body that is not JSON is named by where the parser stopped,
     * never by its text, which may hold a password.
     */
    private static Body body(AdminRequest request, String example) {
        try {
            JsonNode node = MAPPER.readTree(request.body());
            return node != null && node.isObject() ? new Body(node, null)
                    : new Body(null, "the body must be a JSON object such as " + example);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            return new Body(null, "the body is not valid JSON" + (at == null ? "" : " (line " + at.getLineNr()
                    + ", column " + at.getColumnNr() + ")") + "; send a JSON object such as " + example);
        } catch (IOException e) {
            return new Body(null, "the body cannot be read as JSON; send a JSON object such as " + example);
        }
    }

    private static Map<String, Object> view(Directory directory, Directory.Account account) {
        Directory.Services services = directory.services(account);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", account.name());
        view.put("password", "set");
        view.put("services", Map.of("smtp", services.smtp(), "relay", services.relay(), "roaming", services.roaming()));
        view.put("loginAddresses", account.loginAddresses().text());
        return view;
    }
}
