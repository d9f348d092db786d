package dev.moat.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moat.blocking.TemporaryList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The chapter's "Temporarily Blocked Addresses" list and its two companions, from the API's
 * {@code temporary/{list}} routes: one list at a time (blocked, unblockable, debug), filtered
 * by the start of the address and paged, each entry with its reason, the node that made it,
 * its start, expiry and time left, and an Unblock button; below, a bulk unblock by prefix (a
 * confirmation page first, naming how many entries it removes) and a form to add an entry by
 * hand with a duration and a reason. Every change is a POST ({@link TemporaryListChanges}) and
 * is the whole cluster's at once.
 */
final class TemporaryListsPage implements ConsolePage {
    static final int PAGE_SIZE = 50;

    @Override
    public String path() {
        return "network/temporary-lists";
    }

    @Override
    public String title() {
        return "Temporary lists";
    }

    @Override
    public String group() {
        return "Network";
    }

    @Override
    public PageResult get(PageContext context) {
        return PageResult.page(render(context, list(context.query()), Html.EMPTY, Map.of()));
    }

    @Override
    public PageResult post(PageContext context) {
        return new TemporaryListChanges(this, context, list(context.form())).apply();
    }

    /** The list a form or query names, blocked when it names none it knows. */
    static TemporaryList list(Form form) {
        return Arrays.stream(TemporaryList.values()).filter(l -> l.key().equals(form.value("list"))).findFirst()
                .orElse(TemporaryList.BLOCKED);
    }

    /** The page of {@code list} as the query filters it, with {@code notice} on top and {@code typed} kept in the add form. */
    Html render(PageContext context, TemporaryList list, Html notice, Map<String, String> typed) {
        String prefix = context.query().value("prefix").strip();
        int page = context.query().value("page").matches("\\d{1,6}") ? Integer.parseInt(context.query().value("page")) : 0;
        Api.Answer answer = context.api().get("/api/v1/temporary/" + list.key(),
                Map.of("prefix", prefix, "page", Integer.toString(page), "size", Integer.toString(PAGE_SIZE)));
        Html entries = answer.ok() ? entries(context, list, answer.json(), prefix, page) : Parts.notice("error", answer.error());
        return Html.render("""
                <h1>Temporary lists</h1>
                <p>Addresses the cluster blocks, keeps unblockable or logs for a while: filled by failed logins, protocol errors and spam-trap hits (see Temporary blocking), or by hand here. A change is the whole cluster's at once.</p>
                <nav class="layers" aria-label="Temporary lists">{{tabs}}</nav>
                {{notice}}
                <section id="entries" aria-labelledby="entries-title">
                <h2 id="entries-title">{{title}}</h2>
                <form method="get" action="{{action}}" class="inline">
                <input type="hidden" name="list" value="{{list}}">
                <label for="prefix-filter">Addresses starting with</label>
                <input id="prefix-filter" name="prefix" value="{{prefix}}" autocomplete="off" placeholder="192.0.2.">
                <button type="submit">Filter</button>
                </form>
                {{entries}}
                </section>
                {{bulk}}
                {{add}}
                """, "tabs", tabs(list), "notice", notice, "title", list.title() + " addresses", "action", context.self(),
                "list", list.key(), "prefix", prefix, "entries", entries, "bulk", bulkForm(context, list, prefix),
                "add", addForm(context, list, typed));
    }

    private static Html tabs(TemporaryList current) {
        List<Html> tabs = new ArrayList<>();
        for (TemporaryList list : TemporaryList.values()) {
            tabs.add(Html.render("<a href=\"?list={{key}}\"{{current}}>{{title}}</a>", "key", list.key(),
                    "current", Html.render(list == current ? " aria-current=\"page\"" : ""), "title", list.title()));
        }
        return Html.join(tabs);
    }

    private static Html entries(PageContext context, TemporaryList list, JsonNode json, String prefix, int page) {
        List<List<Html>> rows = new ArrayList<>();
        for (JsonNode entry : json.path("entries")) {
            String address = Parts.text(entry.path("address"));
            rows.add(List.of(Html.render("<code>{{a}}</code>", "a", address), Html.text(Parts.text(entry.path("reason"))),
                    Html.text(Parts.text(entry.path("node"))), Html.text(Parts.text(entry.path("start"))),
                    Html.text(Parts.text(entry.path("expires"))), Html.text(timeLeft(entry.path("secondsLeft").asLong())),
                    Html.render("""
                            <form method="post" action="{{action}}" class="inline">{{csrf}}<input type="hidden" name="list" value="{{list}}"><input type="hidden" name="action" value="unblock"><input type="hidden" name="address" value="{{address}}"><button type="submit" class="danger" aria-label="{{verb}} {{address}}">{{verb}}</button></form>""",
                            "action", context.self(), "csrf", context.csrfField(), "list", list.key(), "address", address,
                            "verb", list == TemporaryList.BLOCKED ? "Unblock" : "Remove")));
        }
        long total = json.path("total").asLong();
        long last = Math.max(0, (total - 1) / PAGE_SIZE);
        String base = "?list=" + Html.query(list.key()) + "&prefix=" + Html.query(prefix) + "&page=";
        Html paging = Html.render("<p class=\"note\" id=\"entries-count\">{{total}} {{what}}{{filter}}; page {{page}} of {{pages}}.</p>{{prev}}{{next}}",
                "total", total, "what", total == 1 ? "entry" : "entries",
                "filter", prefix.isEmpty() ? "" : " starting with " + prefix, "page", page + 1, "pages", last + 1,
                "prev", page > 0 ? Html.render("<a href=\"{{h}}\" rel=\"prev\">Previous page</a> ", "h", base + (page - 1)) : Html.EMPTY,
                "next", page < last ? Html.render("<a href=\"{{h}}\" rel=\"next\">Next page</a>", "h", base + (page + 1)) : Html.EMPTY);
        return Html.join(List.of(Parts.table("Entries, in address order",
                List.of("Address", "Reason", "Node", "Start", "Expires", "Time left", "Change"), rows), paging));
    }

    private static Html bulkForm(PageContext context, TemporaryList list, String prefix) {
        return Parts.section("bulk", "Remove by prefix", Html.render("""
                <form method="post" action="{{action}}" class="inline">
                {{csrf}}<input type="hidden" name="list" value="{{list}}"><input type="hidden" name="action" value="bulk">
                <label for="bulk-prefix">Remove every entry whose address starts with</label>
                <input id="bulk-prefix" name="prefix" value="{{prefix}}" required autocomplete="off" placeholder="2001:db8:">
                <button type="submit" class="danger">Remove…</button>
                </form>
                <p class="note">A page asking you to confirm comes first, saying how many entries it removes.</p>
                """, "action", context.self(), "csrf", context.csrfField(), "list", list.key(), "prefix", prefix));
    }

    private static Html addForm(PageContext context, TemporaryList list, Map<String, String> typed) {
        return Parts.section("add", "Add by hand to the " + list.title() + " list", Html.render("""
                <form method="post" action="{{action}}" class="editor">
                {{csrf}}<input type="hidden" name="list" value="{{list}}"><input type="hidden" name="action" value="add">
                <label for="add-address">IP address</label>
                <input id="add-address" name="address" value="{{address}}" required autocomplete="off" placeholder="192.0.2.7">
                <label for="add-duration">For how long</label>
                <input id="add-duration" name="duration" value="{{duration}}" required autocomplete="off" aria-describedby="add-duration-hint">
                <p class="note" id="add-duration-hint">Such as 30m, 2h or 1d; at most 30d.</p>
                <label for="add-reason">Reason</label>
                <input id="add-reason" name="reason" value="{{reason}}" required maxlength="500" autocomplete="off" placeholder="seen in our logs">
                <p><button type="submit">Add</button></p>
                </form>
                """, "action", context.self(), "csrf", context.csrfField(), "list", list.key(),
                "address", typed.getOrDefault("address", ""), "duration", typed.getOrDefault("duration", "1h"),
                "reason", typed.getOrDefault("reason", "")));
    }

    /** Seconds as the largest two units: {@code 1h 5m}, {@code 4m 10s}, {@code 9s}. */
    static String timeLeft(long seconds) {
        long d = seconds / 86_400;
        long h = seconds % 86_400 / 3600;
        long m = seconds % 3600 / 60;
        long s = seconds % 60;
        return d > 0 ? d + "d " + h + "h" : h > 0 ? h + "h " + m + "m" : m > 0 ? m + "m " + s + "s" : s + "s";
    }
}
