package dev.moat.settings;

import dev.moat.mail.HeaderEdits;
import dev.moat.mail.MailPath;
import dev.moat.rules.Program;
import dev.moat.rules.RuleAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads one action of a rule's {@code then} list: a mapping with exactly one of {@code reject}
 * (the text), {@code discard: true}, {@code redirect} and {@code add-recipients} (lists of
 * addresses), {@code add-header} ({@code "Name: value"}), {@code tag-subject} (the tag),
 * {@code stop: true} and {@code execute} (a program: {@code command} as a list of arguments,
 * or {@code shell} as one command line, {@code timeout}, {@code exit-codes},
 * {@code output-headers}, {@code reject-text}). Each mistake is an error at its line.
 */
final class RuleActionsReader {
    static final String DEFAULT_REJECT_TEXT = "Message refused by a content filter";
    private static final List<String> KEYS = List.of("reject", "discard", "redirect", "add-recipients", "add-header",
            "tag-subject", "stop", "execute");

    private RuleActionsReader() {
    }

    static RuleAction action(MappingReader r) {
        String reject = r.text("reject", "").strip();
        boolean discard = r.bool("discard", false);
        List<MappingReader.Item> redirect = r.texts("redirect");
        List<MappingReader.Item> add = r.texts("add-recipients");
        String header = r.text("add-header", "").strip();
        String tag = r.text("tag-subject", "").strip();
        boolean stop = r.bool("stop", false);
        boolean execute = r.has("execute");
        Program program = r.section("execute", e -> program(e, execute));
        List<String> written = KEYS.stream().filter(r::has).toList();
        if (written.size() != 1) {
            r.error("an action is exactly one of " + String.join(", ", KEYS));
            return null;
        }
        switch (written.get(0)) {
            case "reject":
                return text(r, "reject", reject, 200) ? new RuleAction.Reject(reject) : null;
            case "discard":
                return flag(r, "discard", discard) ? new RuleAction.Discard() : null;
            case "redirect":
                return addresses(r, "redirect", redirect) ? new RuleAction.Redirect(texts(redirect)) : null;
            case "add-recipients":
                return addresses(r, "add-recipients", add) ? new RuleAction.AddRecipients(texts(add)) : null;
            case "add-header":
                return addHeader(r, header);
            case "tag-subject":
                return text(r, "tag-subject", tag, 100) ? new RuleAction.TagSubject(tag) : null;
            case "stop":
                return flag(r, "stop", stop) ? new RuleAction.Stop() : null;
            default:
                return program == null ? null : new RuleAction.Execute(program);
        }
    }

    private static RuleAction addHeader(MappingReader r, String field) {
        int colon = field.indexOf(':');
        try {
            new HeaderEdits().addField(field);
        } catch (IllegalArgumentException e) {
            colon = -1;
        }
        if (colon <= 0 || field.substring(colon + 1).isBlank()) {
            r.error("add-header", "must be one header field such as \"X-Filtered: yes\"");
            return null;
        }
        return new RuleAction.AddHeader(field.substring(0, colon), field.substring(colon + 1).strip());
    }

    private static Program program(MappingReader r, boolean present) {
        List<String> command = texts(r.texts("command"));
        String shell = r.text("shell", "").strip();
        Duration timeout = r.duration("timeout", Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofMinutes(10));
        List<Map.Entry<String, MappingReader.Item>> codes = r.pairs("exit-codes");
        List<String> headers = texts(r.texts("output-headers"));
        String rejectText = r.text("reject-text", DEFAULT_REJECT_TEXT).strip();
        if (!present) {
            return null;
        }
        boolean ok = text(r, "reject-text", rejectText, 200);
        if (command.isEmpty() == shell.isEmpty()) {
            r.error("give either command (a list: the program and its arguments, run without a shell) or shell"
                    + " (one command line for /bin/sh -c)");
            ok = false;
        }
        Map<Integer, Program.Answer> exitCodes = codes.isEmpty() ? Program.DEFAULT_EXIT_CODES : new HashMap<>();
        for (var code : codes) {
            Program.Answer answer = answer(code.getValue().text());
            if (!code.getKey().matches("\\d{1,3}") || Integer.parseInt(code.getKey()) > 255 || answer == null) {
                r.error(code.getValue(), "an exit status from 0 to 255 and one of accept, add-header, reject, discard");
                ok = false;
            } else {
                exitCodes.put(Integer.parseInt(code.getKey()), answer);
            }
        }
        for (String name : headers) {
            if (name.isEmpty() || !name.chars().allMatch(c -> c > ' ' && c <= '~' && c != ':')) {
                r.error("output-headers", "holds " + name + ", which is no header field name");
                ok = false;
            }
        }
        return ok ? new Program(command.isEmpty() ? List.of(shell) : command, !shell.isEmpty(), timeout, exitCodes,
                headers, rejectText) : null;
    }

    private static Program.Answer answer(String text) {
        for (Program.Answer answer : Program.Answer.values()) {
            if (MappingReader.settingName(answer).equals(text.strip().toLowerCase(Locale.ROOT))) {
                return answer;
            }
        }
        return null;
    }

    private static boolean text(MappingReader r, String key, String text, int max) {
        if (text.isEmpty() || text.length() > max) {
            r.error(key, "needs a text of 1 to " + max + " characters");
            return false;
        }
        return true;
    }

    private static boolean flag(MappingReader r, String key, boolean value) {
        if (!value) {
            r.error(key, "is written as " + key + ": true");
        }
        return value;
    }

    private static boolean addresses(MappingReader r, String key, List<MappingReader.Item> items) {
        boolean ok = !items.isEmpty();
        if (!ok) {
            r.error(key, "needs at least one address");
        }
        for (MappingReader.Item item : items) {
            MailPath.Parsed parsed = MailPath.parse("<" + item.text().strip() + ">", false);
            if (!parsed.ok() || !parsed.rest().isEmpty()) {
                r.error(item, "is not a mail address: " + item.text());
                ok = false;
            }
        }
        return ok;
    }

    private static List<String> texts(List<MappingReader.Item> items) {
        List<String> out = new ArrayList<>();
        for (MappingReader.Item item : items) {
            out.add(item.text().strip());
        }
        return out;
    }
}
