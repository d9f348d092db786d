package dev.moat.settings;

import dev.moat.dns.RblZone;
import dev.moat.net.AddressSet;
import dev.moat.net.NetworkAddressList;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads {@code rbl-zones}, the same in both layers: a list of zones, each a mapping with
 * {@code zone} (required), {@code answers} (the A answers that list, as a network address
 * list; absent: any of 127/8 but the test point and the error codes), {@code mask} (a bitmask
 * the answer's last octet must share), {@code servers} (this zone's own DNS servers, IP
 * literals with an optional port), {@code key-file} (a file holding the secret key put before
 * the zone, Spamhaus DQS style; read here, never shown) and {@code allow-list}. A zone holds
 * no IP literal and no key in its name.
 */
final class RblZones {
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9-]{1,63}");

    private RblZones() {
    }

    static List<RblZone> read(MappingReader r) {
        List<RblZone> zones = r.list("rbl-zones", List.of(), RblZones::zone);
        List<RblZone> valid = new ArrayList<>();
        for (RblZone zone : zones) {
            if (zone != null) {
                valid.add(zone);
            }
        }
        return List.copyOf(valid);
    }

    /** One zone, or null after reporting what is wrong. */
    private static RblZone zone(MappingReader item) {
        String written = item.text("zone", "").strip();
        Optional<String> zone = written.isEmpty() || Domains.ipLiteral(written).isPresent()
                ? Optional.empty() : Domains.canonical(written);
        if (zone.isEmpty()) {
            item.error("zone", written.isEmpty() ? "is required: the DNS list's zone, such as zen.spamhaus.org"
                    : "must be a DNS zone such as zen.spamhaus.org");
        }
        Optional<AddressSet> answers = item.addresses("answers", "").map(NetworkAddressList::addresses)
                .filter(set -> !set.isEmpty());
        int mask = item.integer("mask", 0, 0, 255);
        List<InetSocketAddress> servers = DnsSection.servers(item, "servers");
        String key = item.file("key-file").map(file -> key(item, file)).orElse("");
        boolean allowList = item.bool("allow-list", false);
        return zone.map(name -> new RblZone(name, key, answers, mask, servers, allowList)).orElse(null);
    }

    private static String key(MappingReader item, Path file) {
        try {
            String key = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (!KEY.matcher(key).matches()) {
                item.error("key-file", "must hold one DNS label (letters, digits and -): " + file);
                return "";
            }
            return key;
        } catch (IOException e) {
            item.error("key-file", "cannot be read: " + file + " (" + e.getClass().getSimpleName() + ")");
            return "";
        }
    }
}
