package dev.moat.settings;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The errors found so far in one document; a parser adds to it and never stops early. */
final class ErrorList {
    private final List<SettingsError> errors = new ArrayList<>();

    void add(int line, String path, String message) {
        errors.add(new SettingsError(line, path, message));
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    /** The errors in document order, so an operator can fix them top to bottom. */
    List<SettingsError> sorted() {
        List<SettingsError> copy = new ArrayList<>(errors);
        copy.sort(Comparator.comparingInt(SettingsError::line));
        return List.copyOf(copy);
    }
}
