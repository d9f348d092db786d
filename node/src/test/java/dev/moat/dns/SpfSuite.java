package dev.moat.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.SPFRecord;
import org.xbill.DNS.TXTRecord;

/**
 * The openspf RFC 7208 test suite ({@code rfc7208-tests.yml}, YAML documents of scenarios,
 * each with test cases and the zone data they run against), read as the suite's drivers read
 * it: {@code TIMEOUT} makes a name's queries time out for the types it holds no record of,
 * {@code TXT: NONE} says a name has no TXT record, and a name with SPF-type records but no TXT
 * entry gets the same texts as TXT records (the suite's "auto-magic duplication"). Every
 * string is served as given, multi-string TXT records included, by a real {@link TestDnsServer}.
 */
final class SpfSuite {
    /** One test case: its name, identity, and the results and explanation the suite allows. */
    record Case(String name, String helo, String host, String mailFrom, List<String> results, String explanation) {
    }

    /** One YAML document: its description, its cases, and its zone data. */
    record Scenario(String description, List<Case> cases, Map<String, List<Object>> zone) {
    }

    private SpfSuite() {
    }

    @SuppressWarnings("unchecked")
    static List<Scenario> read(Path file) throws IOException {
        List<Scenario> scenarios = new ArrayList<>();
        for (Object document : new Load(LoadSettings.builder().build()).loadAllFromString(Files.readString(file))) {
            var doc = (Map<String, Object>) document;
            List<Case> cases = new ArrayList<>();
            for (var entry : ((Map<String, Map<String, Object>>) doc.get("tests")).entrySet()) {
                Map<String, Object> test = entry.getValue();
                Object result = test.get("result");
                List<String> results = result instanceof List<?> list ? list.stream().map(String::valueOf).toList()
                        : List.of(String.valueOf(result));
                cases.add(new Case(entry.getKey(), String.valueOf(test.get("helo")), String.valueOf(test.get("host")),
                        String.valueOf(test.get("mailfrom")), results, (String) test.get("explanation")));
            }
            var zone = new LinkedHashMap<String, List<Object>>();
            ((Map<String, List<Object>>) doc.getOrDefault("zonedata", Map.of())).forEach(zone::put);
            scenarios.add(new Scenario((String) doc.get("description"), cases, zone));
        }
        return scenarios;
    }

    /** Serves {@code zone} from {@code server}. */
    @SuppressWarnings("unchecked")
    static void serve(Map<String, List<Object>> zone, TestDnsServer server) throws IOException {
        for (var entry : zone.entrySet()) {
            String owner = entry.getKey();
            Name name = Name.fromString(owner.endsWith(".") ? owner : owner + ".");
            server.exists(owner);
            boolean hasTxt = false;
            List<Object> spf = new ArrayList<>();
            for (Object rr : entry.getValue()) {
                if ("TIMEOUT".equals(rr)) {
                    server.timesOut(owner);
                    continue;
                }
                var record = ((Map<String, Object>) rr).entrySet().iterator().next();
                Object value = record.getValue();
                switch (record.getKey().toUpperCase(Locale.ROOT)) {
                    case "A" -> server.add(new ARecord(name, DClass.IN, 300, InetAddress.getByName((String) value)));
                    case "AAAA" -> server.add(new AAAARecord(name, DClass.IN, 300, InetAddress.getByName((String) value)));
                    case "MX" -> {
                        List<Object> mx = (List<Object>) value;
                        server.add(new MXRecord(name, DClass.IN, 300, ((Number) mx.get(0)).intValue(), absolute((String) mx.get(1))));
                    }
                    case "PTR" -> server.add(new PTRRecord(name, DClass.IN, 300, absolute((String) value)));
                    case "CNAME" -> server.add(new CNAMERecord(name, DClass.IN, 300, absolute((String) value)));
                    case "SPF" -> {
                        spf.add(value);
                        server.add(new SPFRecord(name, DClass.IN, 300, strings(value)));
                    }
                    case "TXT" -> {
                        hasTxt = true;
                        if (!"NONE".equals(value)) {
                            server.add(new TXTRecord(name, DClass.IN, 300, strings(value)));
                        }
                    }
                    default -> throw new IllegalArgumentException("record type the driver does not know: " + record.getKey());
                }
            }
            if (!hasTxt) {
                for (Object text : spf) {
                    server.add(new TXTRecord(name, DClass.IN, 300, strings(text)));
                }
            }
        }
    }

    /** A YAML string or list of strings, each cut into pieces of at most 255 octets as TXT strings are. */
    private static List<String> strings(Object value) {
        List<String> pieces = new ArrayList<>();
        for (Object part : value instanceof List<?> list ? list : List.of(value)) {
            String text = String.valueOf(part);
            do {
                pieces.add(text.substring(0, Math.min(255, text.length())));
                text = text.substring(Math.min(255, text.length()));
            } while (!text.isEmpty());
        }
        return pieces;
    }

    private static Name absolute(String name) throws IOException {
        return Name.fromString(name.endsWith(".") ? name : name + ".");
    }
}
