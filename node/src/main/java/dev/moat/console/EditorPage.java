package dev.moat.console;

import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A settings page with one cluster-wide editor: a GET shows the page with the editor loaded
 * from the document now; a POST saves the editor's form (back to the page with what was
 * stored, or the page again with the refused form). What the page shows around the editor is
 * its {@code render} function; where the editor's value comes from is {@code load}, by default
 * the document's text under the key.
 */
final class EditorPage implements ConsolePage {
    private final String path;
    private final String title;
    private final String group;
    private final DocumentEditor editor;
    private final Function<Api, DocumentEditor.State> load;
    private final BiFunction<PageContext, DocumentEditor.State, Html> render;

    EditorPage(String path, String title, String group, DocumentEditor editor,
            Function<Api, DocumentEditor.State> load, BiFunction<PageContext, DocumentEditor.State, Html> render) {
        this.path = path;
        this.title = title;
        this.group = group;
        this.editor = editor;
        this.load = load;
        this.render = render;
    }

    EditorPage(String path, String title, String group, DocumentEditor editor,
            BiFunction<PageContext, DocumentEditor.State, Html> render) {
        this(path, title, group, editor, editor::load, render);
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public String group() {
        return group;
    }

    @Override
    public PageResult get(PageContext context) {
        return PageResult.page(render.apply(context, load.apply(context.api())));
    }

    @Override
    public PageResult post(PageContext context) {
        return SettingsPage.save(context, editor, state -> render.apply(context, state));
    }
}
