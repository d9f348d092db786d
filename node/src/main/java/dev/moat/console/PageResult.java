package dev.moat.console;

/**
 * What a page answers: a status and the content of its {@code <main>}; or, after a change, a
 * redirect to a page of the console with a message the next page shows once (so a reload does
 * not post the form again).
 */
record PageResult(int status, Html main, String redirect, String flash) {

    static PageResult page(Html main) {
        return new PageResult(200, main, null, "");
    }

    static PageResult page(int status, Html main) {
        return new PageResult(status, main, null, "");
    }

    /** A 303 to {@code location}, a path under the console, with {@code flash} shown there once. */
    static PageResult redirect(String location, String flash) {
        return new PageResult(303, Html.EMPTY, location, flash);
    }
}
