package dev.moat.settings;

import java.util.Objects;

/**
 * One reason a settings document was refused: the 1-based line of the document it concerns
 * (0 when it concerns the whole document, such as a file that cannot be read), the dotted
 * setting name ({@code smtp.listeners[1].port}, or the file for whole-document errors) and
 * what is wrong. Messages never contain a password or a password hash.
 */
public record SettingsError(int line, String path, String message) {
    public SettingsError {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** {@code line 12: smtp.max-recipients: must be a whole number from 1 to 100000}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        if (line > 0) {
            text.append("line ").append(line).append(": ");
        }
        if (!path.isEmpty()) {
            text.append(path).append(": ");
        }
        return text.append(message).toString();
    }
}
