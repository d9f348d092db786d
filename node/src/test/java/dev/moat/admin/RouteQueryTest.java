package dev.moat.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/route}: the Router's trace for one address, as JSON. */
class RouteQueryTest {
    private static final Map<String, String> AUTHORIZED = Map.of("Authorization", "Bearer token");
    private final AdminApi api = new AdminApi(new TestBackend(null, List::of), "token");

    private AdminAnswer get(Map<String, List<String>> query) {
        return api.handle(new AdminRequest("GET", "/api/v1/route", AUTHORIZED, new byte[0], "127.0.0.1", query));
    }

    @Test
    void theRouteOfAnAddressListsEveryStepWithTheMarker() throws Exception {
        AdminAnswer answer = get(Map.of("address", List.of("joe@mydomain.example")));

        assertEquals(200, answer.status());
        JsonNode body = new ObjectMapper().readTree(answer.body());
        assertEquals("remote", body.get("outcome").asText());
        assertEquals("relay.example", body.get("host").asText());
        assertTrue(body.get("canRelay").asBoolean());
        assertEquals(5, body.get("steps").size());
        assertEquals("Relay:<joe> = joe@otherdomain.example (cluster line 1)",
                body.get("steps").get(2).get("record").asText());
        assertTrue(body.get("steps").get(2).get("marker").asBoolean());
        assertEquals("joe", body.get("steps").get(1).get("address").asText());
    }

    @Test
    void theRouteShowsTheNextHopAndTheAddressItReceives() throws Exception {
        JsonNode body = new ObjectMapper().readTree(get(Map.of("address", List.of("joe@mydomain.example"))).body());

        JsonNode hop = body.get("nextHop");
        assertEquals("relay.example", hop.get("name").asText());
        assertEquals("delivery.next-hops", hop.get("setting").asText());
        assertEquals("[::1]:2526", hop.get("address").asText());
        assertEquals("joe@otherdomain.example", hop.get("envelope").asText(), "the address, handed to relay.example");
        assertEquals(hop, body.get("clientNextHop"), "the marker takes everyone the same way");
    }

    @Test
    void aForeignAddressGoesToTheRelayHostForClientsOnly() throws Exception {
        JsonNode body = new ObjectMapper().readTree(get(Map.of("address", List.of("Friend@Elsewhere.example"))).body());

        assertEquals("550 5.7.1 Relaying denied", body.get("nextHop").get("refused").asText());
        assertFalse(body.get("nextHop").has("envelope"));
        JsonNode client = body.get("clientNextHop");
        assertEquals("relay-host", client.get("name").asText());
        assertEquals("127.0.0.1:2587", client.get("address").asText());
        assertEquals("Friend@Elsewhere.example", client.get("envelope").asText(), "unchanged: the client's spelling");
    }

    @Test
    void aLocalAccountGoesToTheDefaultNextHopUnderItsOwnName() throws Exception {
        JsonNode body = new ObjectMapper().readTree(get(Map.of("address", List.of("error@MyDomain.example"))).body());

        assertEquals("local", body.get("outcome").asText(), "error@ is an ordinary mailbox");
        assertEquals("next-hop", body.get("nextHop").get("name").asText());
        assertEquals("error@MyDomain.example", body.get("nextHop").get("envelope").asText());
    }

    @Test
    void anAddressIsRequired() {
        assertEquals(400, get(Map.of()).status());
        assertEquals(400, get(Map.of("address", List.of("two words"))).status());
    }

    @Test
    void routeTakesOnlyGet() {
        var answer = api.handle(new AdminRequest("POST", "/api/v1/route", AUTHORIZED, new byte[0], "127.0.0.1"));

        assertEquals(405, answer.status());
    }
}
