package dev.moat.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A cluster-wide document read and replaced through the API's document routes: reading gives
 * the text and the version it is at; a replace names the version it was read at, so a change
 * made by someone else meanwhile is refused (the API's 409) and nothing is overwritten, and a
 * document that does not validate is refused with each error and its line (the API's 400). A
 * preview asks what a version would change over the sessions the members remember, and saves nothing.
 */
final class Documents {

    private Documents() {
    }

    /** A document's text at a version. */
    record Loaded(long version, String text) {
    }

    /** One error the API named: the document's line (0 when none) and what is wrong. */
    record LineError(int line, String message) {
    }

    /** What became of a save. */
    sealed interface Saved {
    }

    record Stored(long version) implements Saved {
    }

    /** Someone else changed the document since it was read; now at {@code current}. */
    record Stale(long current) implements Saved {
    }

    record Invalid(List<LineError> errors) implements Saved {
    }

    record Refused(String message) implements Saved {
    }

    /** The impact preview of a version that validates; nothing was saved. */
    record Previewed(JsonNode answer) implements Saved {
    }

    static Loaded load(Api api, String name) {
        Api.Answer answer = api.get(path(name));
        if (answer.status() == 404) {
            return new Loaded(0, "");
        }
        if (!answer.ok()) {
            throw new IllegalStateException("document " + name + ": " + answer.error());
        }
        return new Loaded(answer.json().path("version").asLong(), answer.json().path("text").asText(""));
    }

    static Saved save(Api api, String name, long version, String text) {
        Api.Answer answer = api.put(path(name), Map.of("If-Match", "\"" + version + "\"",
                "Content-Type", "application/yaml"), text);
        if (answer.ok()) {
            return new Stored(answer.json().path("version").asLong());
        }
        return refusal(answer);
    }

    /** The API's impact preview of {@code text} as the new version of the document (validated first); nothing is saved. */
    static Saved preview(Api api, String name, String text) {
        Api.Answer answer = api.put(path(name), Map.of("preview", "true"), Map.of("Content-Type", "application/yaml"), text);
        return answer.ok() ? new Previewed(answer.json()) : refusal(answer);
    }

    private static Saved refusal(Api.Answer answer) {
        if (answer.status() == 409) {
            return new Stale(answer.json().path("currentVersion").asLong());
        }
        if (answer.status() == 400 && answer.json().path("errors").isArray()) {
            List<LineError> errors = new ArrayList<>();
            for (JsonNode error : answer.json().path("errors")) {
                errors.add(new LineError(error.path("line").asInt(), error.path("message").asText()));
            }
            return new Invalid(errors);
        }
        return new Refused(answer.error());
    }

    private static String path(String name) {
        return "/api/v1/cluster/documents/" + name;
    }
}
