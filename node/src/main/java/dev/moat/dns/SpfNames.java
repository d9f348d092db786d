package dev.moat.dns;

import dev.moat.net.IpAddress;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;

/**
 * The small helpers of SPF evaluation that touch names, answers and addresses: what a domain
 * must look like to be checked at all (RFC 7208 4.3), the 253-character cut of expanded names
 * (7.3), DNS names built from any text (a macro may expand to spaces or percent signs), TXT
 * strings joined without spaces (4.5), and CIDR matching on the 128-bit addresses.
 */
final class SpfNames {
    private SpfNames() {
    }

    static String withoutDot(String domain) {
        return domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
    }

    /** A multi-label domain, each label 1 to 63 characters, 253 in all, no address literal (RFC 7208 4.3). */
    static boolean valid(String domain) {
        if (domain.isEmpty() || domain.length() > 253 || domain.startsWith("[")) {
            return false;
        }
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (label.isEmpty() || label.length() > 63) {
                return false;
            }
        }
        return true;
    }

    /** Removes labels from the left until the name is at most 253 characters. */
    static String truncated(String name) {
        String out = name;
        while (out.length() > 253 && out.indexOf('.') >= 0) {
            out = out.substring(out.indexOf('.') + 1);
        }
        return out;
    }

    /** The DNS name of {@code text}, every character but letters, digits, '-' and '_' escaped; empty when no name can be. */
    static Optional<Name> toName(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 8);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c == '.' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                escaped.append((char) c);
            } else {
                escaped.append('\\').append(String.format(Locale.ROOT, "%03d", c));
            }
        }
        try {
            return text.isEmpty() ? Optional.empty() : Optional.of(Name.fromString(escaped + "."));
        } catch (TextParseException e) {
            return Optional.empty();
        }
    }

    /** No answer in time, or a server failure: a temperror where a record was needed. */
    static boolean failed(DnsAnswer answer) {
        return answer instanceof DnsAnswer.Timeout || answer instanceof DnsAnswer.ServerFailure;
    }

    /** Each TXT record of the answer, its strings joined without anything between them. */
    static List<String> texts(DnsAnswer answer) {
        List<String> texts = new ArrayList<>();
        if (answer instanceof DnsAnswer.Records records) {
            for (Record record : records.records()) {
                ByteArrayOutputStream joined = new ByteArrayOutputStream();
                for (byte[] part : ((TXTRecord) record).getStringsAsByteArrays()) {
                    joined.writeBytes(part);
                }
                texts.add(joined.toString(StandardCharsets.ISO_8859_1));
            }
        }
        return texts;
    }

    /** Whether an A or AAAA record of the answer holds {@code ip} within the mechanism's CIDR lengths. */
    static boolean anyWithin(DnsAnswer.Records answer, IpAddress ip, int cidr4, int cidr6) {
        for (Record record : answer.records()) {
            IpAddress address = address(record);
            if (address != null && address.isIpv4() == ip.isIpv4()
                    && within(ip, address, ip.isIpv4() ? 96 + cidr4 : cidr6)) {
                return true;
            }
        }
        return false;
    }

    static IpAddress address(Record record) {
        if (record instanceof ARecord a) {
            return IpAddress.of(a.getAddress());
        }
        if (record instanceof AAAARecord aaaa) {
            return IpAddress.of(aaaa.getAddress());
        }
        return null;
    }

    /** Whether the first {@code bits} of the two 128-bit addresses are equal (IPv4 sits at ::ffff:0:0/96). */
    static boolean within(IpAddress a, IpAddress b, int bits) {
        if (bits <= 0) {
            return true;
        }
        if (bits <= 64) {
            return ((a.high() ^ b.high()) & (-1L << (64 - bits))) == 0;
        }
        return a.high() == b.high() && ((a.low() ^ b.low()) & (bits == 128 ? -1L : -1L << (128 - bits))) == 0;
    }
}
