package dev.moat.console;

import dev.moat.blocking.TemporaryList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The changes of the temporary lists page, one POST each, through the API's temporary-list
 * routes: {@code unblock} removes one entry (an aggregation prefix's entry by its exact key),
 * {@code bulk} shows a confirmation naming how many entries start with the prefix and removes
 * them only when posted again with {@code confirmed}, {@code add} puts an entry by hand with a
 * duration and a reason. A refusal of the API (a bad address, duration or reason, an entry
 * listed already) shows the page again with the API's reason and what was typed; nothing
 * changes.
 */
final class TemporaryListChanges {
    private final TemporaryListsPage page;
    private final PageContext context;
    private final TemporaryList list;
    private final Form form;

    TemporaryListChanges(TemporaryListsPage page, PageContext context, TemporaryList list) {
        this.page = page;
        this.context = context;
        this.list = list;
        this.form = context.form();
    }

    PageResult apply() {
        String action = form.value("action");
        if (action.equals("unblock")) {
            return unblock(form.value("address").strip());
        }
        if (action.equals("bulk")) {
            return bulk(form.value("prefix").strip(), form.value("confirmed").equals("yes"));
        }
        if (action.equals("add")) {
            return add(form.value("address").strip());
        }
        return refused("The form named no change this page makes.", Map.of());
    }

    private PageResult unblock(String key) {
        Api.Answer answer;
        if (key.contains("/")) {
            // An aggregation prefix (2001:db8:1:2::/64) cannot stand as one path segment; it is the only key starting with itself.
            answer = context.api().delete(base(), Map.of("prefix", key));
            if (answer.ok() && answer.json().path("removed").asInt() == 0) {
                return refused(key + " is not on the " + list.title() + " list.", Map.of());
            }
        } else if (Api.segment(key)) {
            answer = context.api().delete(base() + "/" + key);
        } else {
            return refused("Give one IP address, such as 192.0.2.7 or 2001:db8::7.", Map.of());
        }
        if (!answer.ok()) {
            return refused("Not removed: " + answer.error() + ".", Map.of());
        }
        return done("Removed " + key + " from the " + list.title() + " list on every node"
                + (list == TemporaryList.BLOCKED ? ": it may connect again." : "."));
    }

    private PageResult bulk(String prefix, boolean confirmed) {
        if (prefix.isEmpty()) {
            return refused("Give the start of the addresses to remove, such as 192.0.2. or 2001:db8:.", Map.of());
        }
        if (!confirmed) {
            Api.Answer count = context.api().get(base(), Map.of("prefix", prefix, "size", "1"));
            if (!count.ok()) {
                return refused(count.error(), Map.of());
            }
            return PageResult.page(confirmation(prefix, count.json().path("total").asLong()));
        }
        Api.Answer answer = context.api().delete(base(), Map.of("prefix", prefix));
        if (!answer.ok()) {
            return refused("Not removed: " + answer.error() + ".", Map.of());
        }
        long removed = answer.json().path("removed").asLong();
        return done("Removed " + removed + (removed == 1 ? " entry" : " entries") + " starting with " + prefix
                + " from the " + list.title() + " list on every node.");
    }

    private PageResult add(String key) {
        Map<String, String> typed = new LinkedHashMap<>();
        typed.put("address", key);
        typed.put("duration", form.value("duration").strip());
        typed.put("reason", form.value("reason").strip());
        if (!Api.segment(key)) {
            return refused("Give one IP address, such as 192.0.2.7 or 2001:db8::7 (prefix entries are made by the aggregation setting).",
                    typed);
        }
        Map<String, String> body = new LinkedHashMap<>();
        body.put("duration", typed.get("duration"));
        body.put("reason", typed.get("reason"));
        Api.Answer answer = context.api().putJson(base() + "/" + key, body);
        if (!answer.ok()) {
            return refused("Not added: " + answer.error() + ".", typed);
        }
        return done("Added " + Parts.text(answer.json().path("address")) + " to the " + list.title() + " list on every node until "
                + Parts.text(answer.json().path("expires")) + ".");
    }

    private Html confirmation(String prefix, long total) {
        return Html.render("""
                <h1>Remove by prefix?</h1>
                <p class="notice info" role="status" id="bulk-count">{{total}} {{what}} of the {{title}} list {{verb}} with <code>{{prefix}}</code>.</p>
                <form method="post" action="{{action}}" class="inline">
                {{csrf}}<input type="hidden" name="list" value="{{list}}"><input type="hidden" name="action" value="bulk">
                <input type="hidden" name="prefix" value="{{prefix}}"><input type="hidden" name="confirmed" value="yes">
                <button type="submit" class="danger" id="bulk-confirm">Remove {{total}} {{what}} on every node</button>
                <a href="{{back}}">Cancel</a>
                </form>
                """, "total", total, "what", total == 1 ? "entry" : "entries", "title", list.title(),
                "verb", total == 1 ? "starts" : "start", "prefix", prefix, "action", context.self(), "csrf", context.csrfField(),
                "list", list.key(), "back", context.self() + "?list=" + Html.query(list.key()) + "&prefix=" + Html.query(prefix));
    }

    private String base() {
        return "/api/v1/temporary/" + list.key();
    }

    private PageResult done(String message) {
        return PageResult.redirect(context.self() + "?list=" + list.key(), message);
    }

    private PageResult refused(String message, Map<String, String> typed) {
        return PageResult.page(400, page.render(context, list, Parts.notice("error", message), typed));
    }
}
