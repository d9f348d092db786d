package dev.moat.console;

/**
 * One page of the console: where it lives under {@code /console/}, its title and the group it
 * is listed under in the navigation, what a GET shows and what a POST changes. A POST reaches
 * a page only after the session and its CSRF token have been checked. A new area of the
 * console is one class implementing this and one line in {@link Pages#all()}.
 */
interface ConsolePage {

    /** The path under {@code /console/}, such as {@code network/blacklisted-addresses}; "" for the start page. */
    String path();

    String title();

    /** The navigation group: {@code Network}, {@code Mail}, {@code Cluster} and the like. */
    String group();

    PageResult get(PageContext context);

    /** A change; pages that change nothing answer 405. */
    default PageResult post(PageContext context) {
        return PageResult.page(405, Html.render("<h1>{{title}}</h1><p>This page changes nothing.</p>", "title", title()));
    }
}
