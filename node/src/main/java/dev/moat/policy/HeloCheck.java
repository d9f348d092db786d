package dev.moat.policy;

import dev.moat.mail.Reply;
import dev.moat.net.IpAddress;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * HELO checks (chapter: the option "Verify HELO and Return-Path"): the HELO/EHLO argument must
 * be a syntactically valid domain name or address literal (RFC 5321 4.1.3: {@code [192.0.2.7]},
 * {@code [IPv6:2001:db8::7]}); an address literal must be the client's own address; and a
 * client that is no Client may not present itself as this node (its host name) or as one of
 * its local domains, the commonest forgery of spam bots. Each refusal names its rule.
 */
public final class HeloCheck implements ImmediateCheck {
    public static final String NAME = "helo";
    private static final int MAX_NAME = 253;

    private final String hostName;
    private final Predicate<String> localDomain;

    public HeloCheck(String hostName, Predicate<String> localDomain) {
        this.hostName = hostName.toLowerCase(Locale.ROOT);
        this.localDomain = localDomain;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Verdict judge(CheckContext context) {
        String helo = context.heloName().orElseThrow();
        if (helo.startsWith("[") && helo.endsWith("]")) {
            String literal = helo.substring(1, helo.length() - 1);
            if (literal.regionMatches(true, 0, "IPv6:", 0, 5)) {
                literal = literal.substring(5);
            }
            Optional<IpAddress> address = IpAddress.tryParse(literal);
            if (address.isEmpty()) {
                return syntax(helo);
            }
            if (!address.get().equals(context.clientAddress())) {
                return Verdict.reject(NAME, Reply.permanent(550, "5.7.1",
                        "HELO " + helo + " refused: the address literal is not your address"),
                        "HELO literal " + helo + " is not the client's address " + context.clientAddress(),
                        new Match.Other("helo", "not-your-literal", "HELO " + helo + ", client " + context.clientAddress()));
            }
            return Verdict.pass();
        }
        String name = helo.endsWith(".") ? helo.substring(0, helo.length() - 1) : helo;
        if (!domain(name)) {
            return syntax(helo);
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (!context.classification().status().isClient() && (lower.equals(hostName) || localDomain.test(lower))) {
            String why = "HELO " + helo + " names this node or a local domain, and the client is "
                    + context.classification().status().label();
            return Verdict.reject(NAME, Reply.permanent(550, "5.7.1", "HELO " + helo + " refused: that is my name"),
                    why, new Match.Other("helo", "my-name", why));
        }
        return Verdict.pass();
    }

    private static Verdict syntax(String helo) {
        return Verdict.reject(NAME, Reply.permanent(501, "5.5.2",
                "HELO " + helo + " refused: not a domain name or an address literal"),
                "HELO " + helo + " is no valid domain or address literal",
                new Match.Other("helo", "syntax", "HELO " + helo + " is no valid domain or address literal"));
    }

    /** Letters, digits and inner hyphens, labels of 1 to 63, 253 in all. */
    static boolean domain(String name) {
        if (name.isEmpty() || name.length() > MAX_NAME) {
            return false;
        }
        for (String label : name.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) {
                    return false;
                }
            }
        }
        return true;
    }
}
