package ai.kaptura.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Deny by default: a route that names no access, or two, is refused to everyone. */
class GuardTest {

    @Test
    void a_route_without_exactly_one_access_is_refused_to_everyone() throws Exception {
        Fakes fakes = new Fakes();
        Guard guard = new Guard(
                fakes.signIn,
                new OperatorFake(() -> null),
                new Cookies(false),
                new BearerTokens(Set.of(), "KAPTURA_AUDITOR_TOKENS"),
                new BearerTokens(Set.of(), "KAPTURA_METRICS_TOKEN"),
                URI.create("http://localhost"));
        Javalin app = Javalin.create(config -> {
                    config.startup.showJavalinBanner = false;
                    config.routes.beforeMatched(guard::check);
                    new Problems(new PageRoutes()).register(config.routes);
                    config.routes.get("/forgotten", ctx -> ctx.result("should never be seen"));
                    config.routes.get(
                            "/confused", ctx -> ctx.result("should never be seen"), Access.ANYONE, Access.PERSON);
                    config.routes.get("/open", ctx -> ctx.result("open"), Access.ANYONE);
                })
                .start(0);
        try {
            HttpClient client = HttpClient.newHttpClient();
            for (String path : new String[] {"/forgotten", "/confused"}) {
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(path).isEqualTo(403);
                assertThat(response.body())
                        .as(path)
                        .contains("https://kaptura.ai/problems/forbidden")
                        .doesNotContain("never");
            }
            assertThat(client.send(
                                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/open"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body())
                    .isEqualTo("open");
        } finally {
            app.stop();
        }
    }
}
