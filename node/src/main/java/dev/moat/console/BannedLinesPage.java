package dev.moat.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The chapter's RFCReader "Banned" settings, one page for the header lines and one for the
 * body lines: the server-wide file this node reads (its name, its line count and its first
 * lines, read-only), the cluster document ({@code banned-header-lines} or
 * {@code banned-body-lines}, the whole list, editable), and the rule in effect: a message is
 * banned when a line of it is listed in either layer.
 */
final class BannedLinesPage {
    private final String tag;
    private final String title;
    private final String about;

    private BannedLinesPage(String tag, String title, String about) {
        this.tag = tag;
        this.title = title;
        this.about = about;
    }

    static ConsolePage page(String tag, String title, String about) {
        BannedLinesPage page = new BannedLinesPage(tag, title, about);
        DocumentEditor editor = DocumentEditor.whole("banned-" + tag + "-lines", "Cluster-wide " + title);
        return new EditorPage("content/banned-" + tag + "-lines", title, "Content", editor,
                (context, state) -> page.render(context, editor, state));
    }

    private Html render(PageContext context, DocumentEditor editor, DocumentEditor.State state) {
        JsonNode banned = SettingsPage.report(context.api()).path("bannedLines").path(tag);
        long lines = banned.path("serverLines").asLong();
        String file = banned.path("file").isTextual() ? banned.path("file").asText() : null;
        Html server = Parts.section("server-wide", "Server-wide settings", file == null
                ? Html.render("<p>No file: the settings file names none in <code>banned-lines.{{tag}}-file</code>.</p>", "tag", tag)
                : Html.render("<p class=\"note\">The file <code>{{file}}</code> (<code>banned-lines.{{tag}}-file</code>), {{n}} lines; "
                        + "read-only here: change the file and the node applies it within a second.{{more}}</p>{{text}}",
                        "file", file, "tag", tag, "n", lines, "more", lines > 200 ? " Its first 200 lines:" : "",
                        "text", Parts.preformatted(Parts.text(banned.path("serverExcerpt")))));
        return Html.render("""
                <h1>{{title}}</h1>
                <p>{{about}}</p>
                {{switch}}
                {{server}}
                {{cluster}}
                {{effective}}
                """, "title", title, "about", about, "switch", Parts.layerSwitch(), "server", server,
                "cluster", Parts.clusterSection(editor.form(context, state,
                        "One banned line a line, exactly as it appears in a message; * for any run of characters.")),
                "effective", Parts.effectiveSection("A message is banned when one of its lines is listed in the server-wide or in the "
                        + "cluster-wide list (the chapter's cluster table); it is refused at the end of DATA.", Html.EMPTY));
    }
}
