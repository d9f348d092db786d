package dev.moat.console;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the settings pages share: the node's settings report ({@code GET /api/v1/node/settings},
 * both layers as this node runs them), and the answer to a save of a {@link DocumentEditor}:
 * back to the page with what was stored, or the page again with the refused form.
 */
final class SettingsPage {

    private SettingsPage() {
    }

    static JsonNode report(Api api) {
        Api.Answer answer = api.get("/api/v1/node/settings");
        if (!answer.ok()) {
            throw new IllegalStateException("the settings report: " + answer.error());
        }
        return answer.json();
    }

    /** Saves the editor's form; on success back to the page, else the page again as {@code render} draws it with the refused form. */
    static PageResult save(PageContext context, DocumentEditor editor,
            java.util.function.Function<DocumentEditor.State, Html> render) {
        DocumentEditor.Outcome outcome = editor.save(context);
        if (outcome.refused() == null) {
            return PageResult.redirect(context.self(), "Saved: the cluster-wide " + editor.document()
                    + " document is now at version " + outcome.saved() + "; every node applies it within a second.");
        }
        return PageResult.page(outcome.status(), render.apply(outcome.refused()));
    }
}
