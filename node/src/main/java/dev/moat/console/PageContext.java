package dev.moat.console;

/**
 * What a page sees of one request: the API to ask (as the logged-in user), the query string,
 * the posted form (empty for a GET), the page's own path, and the session's CSRF token as the
 * hidden field every form must carry.
 */
record PageContext(Api api, Form query, Form form, String path, String csrf) {

    /** The hidden CSRF field for a form of this session. */
    Html csrfField() {
        return Html.render("<input type=\"hidden\" name=\"csrf\" value=\"{{csrf}}\">", "csrf", csrf);
    }

    /** This page's address, {@code /console/<path>}. */
    String self() {
        return Console.PREFIX + "/" + path;
    }
}
