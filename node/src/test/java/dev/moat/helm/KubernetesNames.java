package dev.moat.helm;

import dev.moat.net.IpAddress;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The formats the Kubernetes API server checks names, keys, ports and quantities against, after
 * k8s.io/apimachinery's {@code util/validation} (DNS-1123 label and subdomain, DNS-1035 label,
 * qualified name, label value, IANA_SVC_NAME, ConfigMap key, the relaxed environment variable
 * name) and {@code api/resource}'s quantity syntax. Each check returns the API's complaint, or
 * null when the value passes; lengths are counted in bytes, as Go counts them.
 */
final class KubernetesNames {
    static final int LABEL_MAX = 63;
    static final int SUBDOMAIN_MAX = 253;
    private static final String LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final Pattern DNS1123_LABEL = Pattern.compile(LABEL);
    private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile(LABEL + "(\\." + LABEL + ")*");
    private static final Pattern DNS1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern QUALIFIED_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern PORT_NAME = Pattern.compile("[-a-z0-9]+");
    private static final Pattern CONFIG_MAP_KEY = Pattern.compile("[-._a-zA-Z0-9]+");
    private static final Pattern QUANTITY = Pattern.compile("([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)");
    private static final Pattern EXPONENT = Pattern.compile("[eE]([-+]?[0-9]+)");
    private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(Map.entry("", BigDecimal.ONE),
            Map.entry("n", new BigDecimal("1e-9")), Map.entry("u", new BigDecimal("1e-6")),
            Map.entry("m", new BigDecimal("1e-3")), Map.entry("k", new BigDecimal("1e3")),
            Map.entry("M", new BigDecimal("1e6")), Map.entry("G", new BigDecimal("1e9")),
            Map.entry("T", new BigDecimal("1e12")), Map.entry("P", new BigDecimal("1e15")),
            Map.entry("E", new BigDecimal("1e18")), Map.entry("Ki", BigDecimal.valueOf(1L << 10)),
            Map.entry("Mi", BigDecimal.valueOf(1L << 20)), Map.entry("Gi", BigDecimal.valueOf(1L << 30)),
            Map.entry("Ti", BigDecimal.valueOf(1L << 40)), Map.entry("Pi", BigDecimal.valueOf(1L << 50)),
            Map.entry("Ei", BigDecimal.valueOf(1L << 60)));

    private KubernetesNames() {
    }

    static int bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8).length;
    }

    static String dns1123Label(String value) {
        return tooLong(value, LABEL_MAX, DNS1123_LABEL, "a lowercase RFC 1123 label must consist of lower case"
                + " alphanumeric characters or '-', and must start and end with an alphanumeric character");
    }

    static String dns1123Subdomain(String value) {
        return tooLong(value, SUBDOMAIN_MAX, DNS1123_SUBDOMAIN, "a lowercase RFC 1123 subdomain must consist of"
                + " lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character");
    }

    static String dns1035Label(String value) {
        return tooLong(value, LABEL_MAX, DNS1035_LABEL, "a DNS-1035 label must consist of lower case alphanumeric"
                + " characters or '-', start with an alphabetic character, and end with an alphanumeric character");
    }

    /** A label or annotation key: an optional DNS subdomain prefix and '/', then a name of at most 63. */
    static String qualifiedName(String value) {
        String[] parts = value.split("/", -1);
        if (parts.length > 2) {
            return "a qualified name must consist of an optional DNS subdomain prefix and '/' and a name";
        }
        String name = parts[parts.length - 1];
        if (parts.length == 2) {
            if (parts[0].isEmpty()) {
                return "prefix part must be non-empty";
            }
            String prefix = dns1123Subdomain(parts[0]);
            if (prefix != null) {
                return "prefix part " + prefix;
            }
        }
        if (name.isEmpty()) {
            return "name part must be non-empty";
        }
        return tooLong(name, LABEL_MAX, QUALIFIED_NAME, "name part must consist of alphanumeric characters,"
                + " '-', '_' or '.', and must start and end with an alphanumeric character");
    }

    static String labelValue(String value) {
        return value.isEmpty() ? null : tooLong(value, LABEL_MAX, QUALIFIED_NAME, "a valid label must be an empty"
                + " string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an"
                + " alphanumeric character");
    }

    /** IANA_SVC_NAME (RFC 6335): at most 15 of [-a-z0-9], a letter among them, no '-' at an end or twice in a row. */
    static String portName(String value) {
        if (value.isEmpty() || bytes(value) > 15) {
            return "must be no more than 15 characters";
        }
        if (!PORT_NAME.matcher(value).matches()) {
            return "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)";
        }
        if (!value.chars().anyMatch(c -> c >= 'a' && c <= 'z')) {
            return "must contain at least one letter (a-z)";
        }
        if (value.contains("--")) {
            return "must not contain consecutive hyphens";
        }
        return value.startsWith("-") || value.endsWith("-") ? "must not begin or end with a hyphen" : null;
    }

    static String portNumber(Object value) {
        return value instanceof Integer port && port >= 1 && port <= 65535 ? null : "must be between 1 and 65535, inclusive";
    }

    /** An IntOrString port: a number 1-65535, or an IANA_SVC_NAME. */
    static String portNumberOrName(Object value) {
        return value instanceof String name ? portName(name) : portNumber(value);
    }

    static String configMapKey(String value) {
        if (bytes(value) > SUBDOMAIN_MAX) {
            return "must be no more than 253 characters";
        }
        if (!CONFIG_MAP_KEY.matcher(value).matches()) {
            return "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";
        }
        if (value.equals(".") || value.equals("..")) {
            return "must not be '" + value + "'";
        }
        return value.startsWith("..") ? "must not start with '..'" : null;
    }

    /** The API's relaxed rule (RelaxedEnvironmentVariableValidation): printable ASCII but '='. */
    static String environmentVariableName(String value) {
        boolean printable = !value.isEmpty() && value.chars().allMatch(c -> c >= ' ' && c <= '~' && c != '=');
        return printable ? null : "a valid environment variable name must consist only of printable ASCII"
                + " characters other than '='";
    }

    /** A quantity as resource.ParseQuantity reads it ({@code 500m}, {@code 1Gi}, {@code 2e3}), or null when it is none. */
    static BigDecimal quantity(Object value) {
        String text = value instanceof Number || value instanceof String ? String.valueOf(value) : "";
        Matcher parts = QUANTITY.matcher(text);
        if (!parts.matches()) {
            return null;
        }
        BigDecimal scale = SUFFIXES.get(parts.group(2));
        Matcher exponent = EXPONENT.matcher(parts.group(2));
        if (scale == null && exponent.matches()) {
            scale = BigDecimal.ONE.scaleByPowerOfTen(Integer.parseInt(exponent.group(1)));
        }
        try {
            return scale == null ? null : new BigDecimal(parts.group(1)).multiply(scale);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** An address range ({@code 10.0.0.0/8}, {@code 2001:db8::/32}), or the reason it is none. */
    static String cidr(String value) {
        int slash = value.indexOf('/');
        var address = IpAddress.tryParse(slash < 0 ? value : value.substring(0, slash));
        String prefix = slash < 0 ? "" : value.substring(slash + 1);
        if (address.isEmpty() || !prefix.matches("[0-9]{1,3}")
                || Integer.parseInt(prefix) > (address.get().isIpv4() ? 32 : 128)) {
            return "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";
        }
        return null;
    }

    private static String tooLong(String value, int max, Pattern format, String formatMessage) {
        if (bytes(value) > max) {
            return "must be no more than " + max + " characters";
        }
        return format.matcher(value).matches() ? null : formatMessage;
    }
}
