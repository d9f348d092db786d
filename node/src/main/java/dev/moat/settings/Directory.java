package dev.moat.settings;

import dev.moat.net.NetworkAddressList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * The cluster-wide directory of local domains and their accounts (the cluster document
 * {@code directory}), parsed as strictly as the settings: each domain with its default
 * Enabled Services, each account ({@code user@domain}) with a password hash (never a clear
 * password), its own services where they differ from the domain's, and its permitted-login
 * addresses. Its domains are local domains. Aliases and forwarders are Router records.
 */
public record Directory(Map<String, Services> domains, Map<String, Account> accounts) {

    /** The Enabled Services of the chapter that Moat enforces. */
    public record Services(boolean smtp, boolean relay, boolean roaming) {
        static final Services ALL = new Services(true, true, true);
    }

    /**
     * One account: its name {@code user@domain} in lower case, its password hash, the services
     * it sets itself (null where it takes the domain's), and the addresses it may always log in from.
     */
    public record Account(String name, PasswordHash password, Boolean smtp, Boolean relay, Boolean roaming,
            NetworkAddressList loginAddresses) {
    }

    public Directory {
        domains = Map.copyOf(domains);
        accounts = Map.copyOf(accounts);
    }

    public static Directory empty() {
        return new Directory(Map.of(), Map.of());
    }

    /**
     * The account a login name names: {@code user@domain}, or a bare {@code user} when exactly
     * one domain of the directory has it. Case does not matter.
     */
    public Optional<Account> account(String login) {
        String name = login.strip().toLowerCase(Locale.ROOT);
        if (name.indexOf('@') >= 0) {
            int at = name.lastIndexOf('@');
            return Optional.ofNullable(accounts.get(name.substring(0, at) + "@" + Domains.lookupKey(name.substring(at + 1))));
        }
        Account found = null;
        for (String domain : domains.keySet()) {
            Account account = accounts.get(name + "@" + domain);
            if (account != null) {
                if (found != null) {
                    return Optional.empty();
                }
                found = account;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The services in effect for an account: its own where set, else its domain's. */
    public Services services(Account account) {
        Services domain = domains.getOrDefault(account.name().substring(account.name().lastIndexOf('@') + 1), Services.ALL);
        return new Services(
                account.smtp() != null ? account.smtp() : domain.smtp(),
                account.relay() != null ? account.relay() : domain.relay(),
                account.roaming() != null ? account.roaming() : domain.roaming());
    }

    /** This directory with {@code account} added or replaced; its domain must be listed. */
    public Directory withAccount(Account account) {
        String domain = account.name().substring(account.name().lastIndexOf('@') + 1);
        if (!domains.containsKey(domain)) {
            throw new IllegalArgumentException("domain " + domain + " is not in the directory");
        }
        Map<String, Account> more = new LinkedHashMap<>(accounts);
        more.put(account.name(), account);
        return new Directory(domains, more);
    }

    /** This directory without the account named {@code name} (user@domain). */
    public Directory withoutAccount(String name) {
        Map<String, Account> fewer = new LinkedHashMap<>(accounts);
        fewer.remove(name);
        return new Directory(domains, fewer);
    }

    /** This directory with domain {@code name} added or its services replaced. */
    public Directory withDomain(String name, Services services) {
        String domain = Domains.canonical(name).orElseThrow(() -> new IllegalArgumentException("not a domain name: " + name));
        Map<String, Services> more = new LinkedHashMap<>(domains);
        more.put(domain, services);
        return new Directory(more, accounts);
    }

    /** This directory without domain {@code name}, which must have no accounts left. */
    public Directory withoutDomain(String name) {
        String domain = Domains.lookupKey(name);
        if (accounts.keySet().stream().anyMatch(a -> a.endsWith("@" + domain))) {
            throw new IllegalArgumentException("domain " + domain + " still has accounts: delete them first");
        }
        Map<String, Services> fewer = new LinkedHashMap<>(domains);
        fewer.remove(domain);
        return new Directory(fewer, accounts);
    }

    /**
     * The document text of this directory, domains and accounts sorted by name. {@link #parse}
     * reads it back to an equal directory; comments of the text it came from are not kept.
     */
    public String render() {
        StringBuilder out = new StringBuilder("# The directory of local domains and accounts (written by the admin API).\n");
        out.append(domains.isEmpty() ? "domains: []\n" : "domains:\n");
        new java.util.TreeMap<>(domains).forEach((name, services) -> out.append("  - name: ").append(name)
                .append("\n    services: {smtp: ").append(services.smtp()).append(", relay: ").append(services.relay())
                .append(", roaming: ").append(services.roaming()).append("}\n"));
        out.append(accounts.isEmpty() ? "accounts: []\n" : "accounts:\n");
        new java.util.TreeMap<>(accounts).forEach((name, account) -> {
            out.append("  - name: ").append(name).append("\n    password: \"").append(account.password().encoded()).append("\"\n");
            StringBuilder own = new StringBuilder();
            own(own, "smtp", account.smtp());
            own(own, "relay", account.relay());
            own(own, "roaming", account.roaming());
            if (own.length() > 0) {
                out.append("    services: {").append(own).append("}\n");
            }
            String login = account.loginAddresses().text().strip();
            if (!login.isEmpty()) {
                out.append("    login-addresses: |\n");
                login.lines().forEach(line -> out.append("      ").append(line.strip()).append('\n'));
            }
        });
        return out.toString();
    }

    private static void own(StringBuilder out, String key, Boolean value) {
        if (value != null) {
            out.append(out.length() > 0 ? ", " : "").append(key).append(": ").append(value);
        }
    }

    public static SettingsResult<Directory> parse(String yaml) {
        ErrorList errors = new ErrorList();
        Optional<Node> root = YamlDocument.compose(yaml, errors);
        if (!errors.isEmpty()) {
            return SettingsResult.refused(errors.sorted());
        }
        MappingReader r = MappingReader.root(root, errors);
        Map<String, Services> domains = new LinkedHashMap<>();
        r.list("domains", List.of(), d -> {
            String name = d.text("name", "");
            Optional<String> canonical = Domains.canonical(name);
            if (canonical.isEmpty()) {
                d.error("name", "must be a domain name such as example.com");
            } else if (domains.containsKey(canonical.get())) {
                d.error("name", "domain " + canonical.get() + " is listed twice");
            }
            Services services = d.section("services", s -> services(s, Services.ALL));
            canonical.ifPresent(c -> domains.putIfAbsent(c, services));
            return null;
        });
        Map<String, Account> accounts = new LinkedHashMap<>();
        r.list("accounts", List.of(), a -> {
            Account account = account(a, domains);
            if (account != null && accounts.putIfAbsent(account.name(), account) != null) {
                a.error("name", "account " + account.name() + " is listed twice");
            }
            return null;
        });
        r.finish();
        if (!errors.isEmpty()) {
            return SettingsResult.refused(errors.sorted());
        }
        return SettingsResult.valid(new Directory(domains, accounts));
    }

    private static Account account(MappingReader a, Map<String, Services> domains) {
        String name = a.text("name", "").strip().toLowerCase(Locale.ROOT);
        int at = name.lastIndexOf('@');
        String domain = at < 0 ? "" : Domains.canonical(name.substring(at + 1)).orElse("");
        if (at <= 0 || domain.isEmpty()) {
            a.error("name", "must be an address user@domain");
        } else if (!domains.containsKey(domain)) {
            a.error("name", "domain " + domain + " is not listed under domains");
        }
        Optional<PasswordHash> password = PasswordHash.parse(a.text("password", ""));
        if (password.isEmpty()) {
            a.error("password", "must be a password hash made by moat-node hash-password (the value is not shown here)");
        }
        Boolean[] own = new Boolean[3];
        a.section("services", s -> {
            own[0] = optionalBool(s, "smtp");
            own[1] = optionalBool(s, "relay");
            own[2] = optionalBool(s, "roaming");
            return null;
        });
        NetworkAddressList login = a.addresses("login-addresses", "").orElseGet(NetworkAddressList::empty);
        if (password.isEmpty() || at <= 0 || domain.isEmpty()) {
            return null;
        }
        return new Account(name.substring(0, at) + "@" + domain, password.get(), own[0], own[1], own[2], login);
    }

    private static Services services(MappingReader s, Services absent) {
        return new Services(s.bool("smtp", absent.smtp()), s.bool("relay", absent.relay()),
                s.bool("roaming", absent.roaming()));
    }

    /** true, false, or null when the key is absent: the account then takes its domain's value. */
    private static Boolean optionalBool(MappingReader s, String key) {
        String text = s.text(key, "").strip();
        return switch (text) {
            case "" -> null;
            case "true" -> true;
            case "false" -> false;
            default -> {
                s.error(key, "must be true or false");
                yield null;
            }
        };
    }

    /**
     * Whether {@code user}, logged in, may relay: accounts of the directory by their Relay
     * service; users of the settings file (not in the directory) always.
     */
    public boolean mayRelay(String user) {
        return account(user).map(a -> services(a).relay()).orElse(true);
    }
}
