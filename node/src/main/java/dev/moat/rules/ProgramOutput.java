package dev.moat.rules;

import dev.moat.mail.HeaderEdits;
import dev.moat.mail.HeaderField;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What an external program printed, as far as a rule reads it: the header part of its output
 * (the lines up to the first empty one, as a filter such as {@code spamc} prints the message
 * back with its fields added), of which only the fields named in {@code output-headers} are
 * kept, each unfolded into CRLF-folded text that {@link HeaderEdits} accepts. At most
 * {@link #LIMIT} octets are kept; the rest is read and dropped, so the program never blocks on a
 * full pipe.
 */
record ProgramOutput(List<HeaderField> fields) {
    static final int LIMIT = 64 * 1024;
    static final ProgramOutput NONE = new ProgramOutput(List.of());

    ProgramOutput {
        fields = List.copyOf(fields);
    }

    static ProgramOutput read(InputStream in, List<String> wanted) throws IOException {
        var kept = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try (in) {
            for (int n; (n = in.read(chunk)) >= 0; ) {
                int room = LIMIT - kept.size();
                if (room > 0) {
                    kept.write(chunk, 0, Math.min(n, room));
                }
            }
        }
        return wanted.isEmpty() ? NONE : new ProgramOutput(fields(kept.toString(StandardCharsets.ISO_8859_1), wanted));
    }

    /** The wanted fields of the header part of {@code text}, in the order printed. */
    static List<HeaderField> fields(String text, List<String> wanted) {
        List<HeaderField> out = new ArrayList<>();
        StringBuilder field = null;
        for (String line : text.split("\r?\n", -1)) {
            boolean continued = !line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t');
            if (continued && field != null) {
                field.append("\r\n").append(line);
                continue;
            }
            keep(field, wanted, out);
            field = null;
            if (line.isEmpty()) {
                break;
            }
            field = new StringBuilder(line);
        }
        return out;
    }

    private static void keep(StringBuilder field, List<String> wanted, List<HeaderField> out) {
        if (field == null) {
            return;
        }
        HeaderField parsed = HeaderField.of(field.toString());
        if (wanted.stream().noneMatch(parsed::named) || parsed.text().indexOf(':') < 0) {
            return;
        }
        String value = parsed.text().substring(parsed.text().indexOf(':') + 1).stripLeading();
        try {
            new HeaderEdits().add(parsed.name(), value);
            out.add(HeaderField.of(parsed.name() + ": " + value));
        } catch (IllegalArgumentException e) {
            // not a field Moat may add (a control character): left out
        }
    }
}
