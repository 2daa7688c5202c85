package ai.kaptura.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The OpenAPI document and the routes the server really registers describe the same API, both ways. */
class OpenApiTest {

    private static final Set<String> METHODS =
            Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    @Test
    void every_registered_route_is_documented_and_every_documented_operation_is_registered() throws Exception {
        try (Server server = new Server()) {
            HttpResponse<String> response = server.get("/api/openapi.json");
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode doc = Json.MAPPER.readTree(response.body());
            assertThat(doc.get("openapi").asText()).startsWith("3.1");

            Set<String> documented = new TreeSet<>();
            for (Iterator<String> paths = doc.get("paths").fieldNames(); paths.hasNext(); ) {
                String path = paths.next();
                for (Iterator<String> methods = doc.get("paths").get(path).fieldNames(); methods.hasNext(); ) {
                    String method = methods.next();
                    if (METHODS.contains(method)) {
                        documented.add(method.toUpperCase(Locale.ROOT) + " " + path);
                    }
                }
            }
            Set<String> registered = new TreeSet<>(server.adapter.routes());

            assertThat(registered).as("routes").hasSizeGreaterThan(40);
            assertThat(registered).as("registered but not documented").isSubsetOf(documented);
            assertThat(documented).as("documented but not registered").isSubsetOf(registered);
        }
    }

    @Test
    void every_documented_reference_resolves() throws Exception {
        JsonNode doc = Json.MAPPER.readTree(OpsRoutes.resource(OpsRoutes.OPENAPI_RESOURCE));
        Set<String> refs = new TreeSet<>();
        collectRefs(doc, refs);

        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).startsWith("#/");
            assertThat(doc.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
        }
    }

    @Test
    void without_the_sandbox_its_routes_do_not_exist() {
        try (Server server = new Server(Server.Options.defaults().withoutSandbox())) {
            assertThat(server.adapter.routes()).noneMatch(route -> route.contains("/sandbox/"));
            assertThat(server.get("/sandbox/checkout/chk_1").statusCode()).isEqualTo(404);
        }
    }

    private static void collectRefs(JsonNode node, Set<String> refs) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("$ref")) {
                    refs.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, refs));
        }
    }
}
