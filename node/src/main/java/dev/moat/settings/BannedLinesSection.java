package dev.moat.settings;

import dev.moat.content.BannedLineLists;
import dev.moat.content.BannedLines;
import dev.moat.content.BannedList;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The server-wide {@code banned-lines} section: the files that hold the Banned Header Lines
 * ({@code header-file}) and the Banned Body Lines ({@code body-file}), one banned line a line,
 * read and compiled with the settings file (a list of 100,000 lines is no YAML to edit, and a
 * file per list is what an administrator copies spam lines into). A bad line refuses the
 * whole settings version, with the file's line; a change to a named file is a new version of
 * the settings, applied without a restart like a change to the settings file itself.
 */
public record BannedLinesSection(Optional<Path> headerFile, Optional<Path> bodyFile, BannedLineLists lists,
        List<String> contents) {
    static final long MAX_FILE_BYTES = 64L << 20;
    static final String LAYER = "server-wide";

    public BannedLinesSection {
        Objects.requireNonNull(headerFile, "headerFile");
        Objects.requireNonNull(bodyFile, "bodyFile");
        Objects.requireNonNull(lists, "lists");
        contents = List.copyOf(contents);
    }

    static BannedLinesSection none() {
        return new BannedLinesSection(Optional.empty(), Optional.empty(), BannedLineLists.EMPTY, List.of());
    }

    /** The files named, header list first: the watcher reads them to tell a new version. */
    public List<Path> files() {
        List<Path> files = new ArrayList<>(2);
        headerFile.ifPresent(files::add);
        bodyFile.ifPresent(files::add);
        return files;
    }

    static BannedLinesSection read(MappingReader r) {
        Optional<Path> headerFile = r.file("header-file");
        Optional<Path> bodyFile = r.file("body-file");
        List<String> contents = new ArrayList<>(2);
        BannedLines header = list(r, "header-file", headerFile, BannedList.HEADER, contents);
        BannedLines body = list(r, "body-file", bodyFile, BannedList.BODY, contents);
        return new BannedLinesSection(headerFile, bodyFile, new BannedLineLists(header, body), contents);
    }

    private static BannedLines list(MappingReader r, String key, Optional<Path> file, BannedList kind,
            List<String> contents) {
        if (file.isEmpty()) {
            return BannedLines.empty(kind);
        }
        SettingsResult<String> text = SettingsFileWatcher.read(file.get(), MAX_FILE_BYTES);
        if (!text.ok()) {
            r.error(key, text.errors().get(0).path() + " " + text.errors().get(0).message());
            return BannedLines.empty(kind);
        }
        contents.add(text.value());
        BannedLines.Parsed parsed = BannedLines.parse(text.value(), kind, LAYER);
        for (var error : parsed.errors()) {
            r.errorInFile(error.line(), key, file.get(), error.message());
        }
        return parsed.ok() ? parsed.lines() : BannedLines.empty(kind);
    }
}
