package dev.moat.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The frame of every page: a skip link, the header with the node's name and the logout
 * button, the navigation by group (the current page marked {@code aria-current}), the flash
 * message of the last change, then the page's own content in {@code <main>}. The login page
 * has the frame without navigation.
 */
final class Layout {

    private Layout() {
    }

    static Html page(String title, String node, List<ConsolePage> pages, ConsolePage current, String csrf, String flash, Html main) {
        Map<String, List<Html>> groups = new LinkedHashMap<>();
        for (ConsolePage page : pages) {
            groups.computeIfAbsent(page.group(), g -> new ArrayList<>()).add(Html.render(
                    "<li><a href=\"{{href}}\"{{current}}>{{title}}</a></li>", "href", Console.PREFIX + "/" + page.path(),
                    "current", Html.render(page == current ? " aria-current=\"page\"" : ""), "title", page.title()));
        }
        List<Html> nav = new ArrayList<>();
        groups.forEach((group, items) -> nav.add(Html.render("<h2>{{g}}</h2><ul>{{items}}</ul>", "g", group, "items", Html.join(items))));
        Html header = Html.render("""
                <header class="top">
                <p class="brand">Moat console <span class="node">on {{node}}</span></p>
                <form method="post" action="{{logout}}"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">Log out</button></form>
                </header>
                <nav class="areas" aria-label="Areas">{{nav}}</nav>
                """, "node", node, "logout", Console.PREFIX + "/logout", "csrf", csrf, "nav", Html.join(nav));
        return frame(title + " · " + node, header, Html.join(List.of(Parts.notice("ok", flash), main)));
    }

    static Html frame(String title, Html header, Html main) {
        return Html.render("""
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>{{title}} · Moat</title>
                <link rel="stylesheet" href="{{css}}">
                <link rel="icon" href="{{icon}}" type="image/svg+xml">
                </head>
                <body>
                <a class="skip" href="#main">Skip to the content</a>
                {{header}}
                <main id="main" tabindex="-1">
                {{main}}
                </main>
                </body>
                </html>
                """, "title", title, "css", Console.PREFIX + "/static/console.css", "icon", Console.PREFIX + "/static/favicon.svg", "header", header, "main", main);
    }
}
