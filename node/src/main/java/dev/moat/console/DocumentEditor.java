package dev.moat.console;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The cluster-wide value of one setting, edited in a textarea: one key of a cluster document
 * (or the whole document) read with the version it is at, shown in a form that carries that
 * version, and saved by putting the document back with it, so the API refuses the save when
 * someone else changed the document meanwhile (nothing is overwritten; the user's text stays
 * in the form), or when it does not validate (each error shown beside the line of the value it
 * names). Whatever the user typed is put back in the form after a refusal. A second button
 * asks the API's impact preview of the text instead of saving it ({@link PreviewPanel}), shown
 * above the buttons with the text kept, so the user can save it next.
 */
final class DocumentEditor {
    private final String document;
    private final String field;
    private final String label;
    private final BiFunction<String, String, YamlKeyBlock.Spliced> splice;

    /**
     * @param splice the document's current text and the user's value to the new text and where
     *     the value's first line landed
     */
    DocumentEditor(String document, String field, String label, BiFunction<String, String, YamlKeyBlock.Spliced> splice) {
        this.document = document;
        this.field = field;
        this.label = label;
        this.splice = splice;
    }

    /** Edits one top-level key of a YAML document: a literal list, or YAML under the key. */
    static DocumentEditor key(String document, String key, String label, boolean literal) {
        return new DocumentEditor(document, key, label, (text, value) -> YamlKeyBlock.replace(text, key, value, literal));
    }

    /** Edits one top-level key of a YAML document that holds one plain value ({@code spf: reject-fail}). */
    static DocumentEditor scalar(String document, String key, String label) {
        return new DocumentEditor(document, key, label, (text, value) -> YamlKeyBlock.replaceScalar(text, key, value));
    }

    /** Edits a whole document as text. */
    static DocumentEditor whole(String document, String label) {
        return new DocumentEditor(document, document, label, (text, value) -> {
            List<String> lines = YamlKeyBlock.lines(value);
            return new YamlKeyBlock.Spliced(lines.isEmpty() ? "" : String.join("\n", lines) + "\n", 1);
        });
    }

    /** The key this editor edits (the document's name when it edits the whole document). */
    String field() {
        return field;
    }

    String document() {
        return document;
    }

    /** The form as the document is now: the key's value (or the whole text) at the document's version. */
    State load(Api api) {
        Documents.Loaded loaded = Documents.load(api, document);
        String value = field.equals(document) ? loaded.text() : YamlKeyBlock.value(loaded.text(), field);
        return State.loaded(value.isEmpty() ? YamlKeyBlock.scalar(loaded.text(), field) : value, loaded.version());
    }

    /** What the form shows: the value, the version it was read at, and the outcome of a save that was refused. */
    record State(String value, long version, String notice, List<Documents.LineError> errors, Html preview) {
        static State loaded(String value, long version) {
            return new State(value, version, "", List.of(), Html.EMPTY);
        }
    }

    /** The outcome of a post: a saved version (redirect), or the form again with why not. */
    record Outcome(long saved, State refused, int status) {
    }

    Outcome save(PageContext context) {
        String value = context.form().value("value");
        long version;
        try {
            version = Long.parseLong(context.form().value("version"));
        } catch (NumberFormatException e) {
            return refused(value, -1, "The form lost the version it was read at; reload the page.", List.of(), 400);
        }
        Documents.Loaded current = Documents.load(context.api(), document);
        if (current.version() != version) {
            return stale(value, version, current.version());
        }
        YamlKeyBlock.Spliced spliced = splice.apply(current.text(), value);
        boolean preview = context.form().has("preview");
        Documents.Saved saved = preview ? Documents.preview(context.api(), document, spliced.text())
                : Documents.save(context.api(), document, version, spliced.text());
        if (saved instanceof Documents.Previewed previewed) {
            return new Outcome(0, new State(value, version, "", List.of(), PreviewPanel.render(previewed.answer())), 200);
        }
        if (saved instanceof Documents.Stored stored) {
            return new Outcome(stored.version(), null, 303);
        }
        if (saved instanceof Documents.Stale stale) {
            return stale(value, version, stale.current());
        }
        if (saved instanceof Documents.Invalid invalid) {
            int count = YamlKeyBlock.lines(value).size();
            List<Documents.LineError> mapped = new ArrayList<>();
            for (Documents.LineError error : invalid.errors()) {
                mapped.add(new Documents.LineError(spliced.valueLine(error.line(), count), error.message()));
            }
            return refused(value, version, (preview ? "No preview" : "Not saved") + ": the " + document
                    + " document would not validate. Nothing changed; fix the lines named below.", mapped, 400);
        }
        return refused(value, version, "Not saved: " + ((Documents.Refused) saved).message(), List.of(), 400);
    }

    private Outcome stale(String value, long version, long current) {
        return refused(value, version, "Not saved: someone else changed the cluster-wide " + document
                + " document (it is now at version " + current + ", you loaded version " + version
                + "). Nothing was overwritten. Your text is still below: reload the page to see their change, then apply yours again.",
                List.of(), 409);
    }

    private static Outcome refused(String value, long version, String notice, List<Documents.LineError> errors, int status) {
        return new Outcome(0, new State(value, version, notice, errors, Html.EMPTY), status);
    }

    /** The form: the textarea with its label, the version, the CSRF token, the errors beside their lines. */
    Html form(PageContext context, State state, String hint) {
        String id = "value-" + field;
        List<String> lines = YamlKeyBlock.lines(state.value());
        List<Html> errors = new ArrayList<>();
        for (Documents.LineError error : state.errors()) {
            if (error.line() > 0) {
                errors.add(Html.render("<li class=\"line-error\" data-line=\"{{n}}\"><span class=\"where\">Line {{n}}:</span> "
                        + "<code>{{text}}</code> <span class=\"why\">{{message}}</span></li>", "n", error.line(),
                        "text", lines.get(error.line() - 1), "message", error.message()));
            } else {
                errors.add(Html.render("<li class=\"line-error\" data-line=\"0\"><span class=\"why\">{{message}}</span></li>",
                        "message", error.message()));
            }
        }
        Html errorList = errors.isEmpty() ? Html.EMPTY : Html.render(
                "<ul class=\"line-errors\" id=\"{{id}}-errors\" aria-label=\"Errors by line\">{{items}}</ul>",
                "id", id, "items", Html.join(errors));
        return Html.render("""
                <form method="post" action="{{action}}" class="editor">
                {{csrf}}
                <input type="hidden" name="version" value="{{version}}">
                <input type="hidden" name="field" value="{{field}}">
                {{notice}}
                {{errors}}
                <label for="{{id}}">{{label}}</label>
                <p class="note" id="{{id}}-hint">{{hint}} Cluster-wide document <code>{{document}}</code>, version {{version}}.</p>
                <textarea id="{{id}}" name="value" rows="{{rows}}" spellcheck="false" aria-describedby="{{id}}-hint{{described}}">
{{value}}</textarea>
                {{preview}}
                <p class="buttons"><button type="submit">Save cluster-wide</button>
                <button type="submit" name="preview" value="true" class="secondary" aria-describedby="{{id}}-preview-hint">Preview impact</button></p>
                <p class="note" id="{{id}}-preview-hint">Preview impact saves nothing: every member replays the sessions it remembers with this text and says which it would now refuse or accept.</p>
                </form>
                """, "action", context.self(), "csrf", context.csrfField(), "version", state.version(), "field", field,
                "notice", Parts.notice("error", state.notice()), "errors", errorList, "id", id, "label", label,
                "hint", hint, "document", document, "rows", Math.max(6, Math.min(30, lines.size() + 3)),
                "described", errors.isEmpty() ? "" : " " + id + "-errors", "value", state.value(), "preview", state.preview());
    }
}
