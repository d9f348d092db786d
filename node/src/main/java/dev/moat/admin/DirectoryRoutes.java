package dev.moat.admin;

import static dev.moat.admin.AdminAnswer.error;
import static dev.moat.admin.AdminAnswer.json;

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
        Optional<JsonNode> body = body(request);
        if (body.isEmpty()) {
            return error(400, "the body must be a JSON object such as {\"password\": \"...\", \"services\": {\"relay\": false}}");
        }
        JsonNode json = body.get();
        PasswordHash hash = null;
        if (json.hasNonNull("password")) {
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
        Optional<JsonNode> body = request.body().length == 0 ? Optional.of(MAPPER.createObjectNode()) : body(request);
        if (body.isEmpty()) {
            return error(400, "the body must be a JSON object such as {\"services\": {\"relay\": false}}");
        }
        JsonNode services = body.get().path("services");
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

    private static Optional<JsonNode> body(AdminRequest request) {
        try {
            JsonNode node = MAPPER.readTree(request.body());
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Map<String, Object> view(Directory directory, Directory.Account account) {
        Directory.Services services = directory.services(account);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", account.name());
        view.put("services", Map.of("smtp", services.smtp(), "relay", services.relay(), "roaming", services.roaming()));
        view.put("loginAddresses", account.loginAddresses().text());
        return view;
    }
}
