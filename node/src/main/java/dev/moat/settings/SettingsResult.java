package dev.moat.settings;

import java.util.List;

/**
 * The outcome of parsing a settings document: either a value and no errors, or no value
 * ({@code null}) and every error found, sorted by line. A document with one error is refused
 * as a whole.
 */
public record SettingsResult<T>(T value, List<SettingsError> errors) {
    public SettingsResult {
        errors = List.copyOf(errors);
        if ((value == null) == errors.isEmpty()) {
            throw new IllegalArgumentException("a result has either a value or errors");
        }
    }

    public static <T> SettingsResult<T> valid(T value) {
        return new SettingsResult<>(value, List.of());
    }

    public static <T> SettingsResult<T> refused(List<SettingsError> errors) {
        return new SettingsResult<>(null, errors);
    }

    public boolean ok() {
        return errors.isEmpty();
    }

    /** The refusal as an operator reads it: {@code what refused:} then one error a line, indented. */
    public String refusal(String what) {
        StringBuilder text = new StringBuilder(what).append(" refused:");
        errors.forEach(e -> text.append("\n  ").append(e));
        return text.toString();
    }
}
