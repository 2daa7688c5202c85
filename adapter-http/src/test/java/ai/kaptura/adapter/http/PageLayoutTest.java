package ai.kaptura.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every page is served whole in the one layout: its own title and script, the shared head, header and footer. */
class PageLayoutTest {

    private static final String LAYOUT =
            "<title>{{title}} · Kaptura</title>\n{{script}}</head>\n{{main}}\n<footer></footer>";

    @RegisterExtension
    static final Server server = new Server();

    @ParameterizedTest
    @CsvSource({
        "/, Private AI headshots, ",
        "/sign-in, Sign in, sign-in.js",
        "/orders, My orders, orders.js",
        "/orders/2f9c1e3a-0000-4000-8000-000000000001, Your order, order.js",
        "/orders/2f9c1e3a-0000-4000-8000-000000000001/checkout, Consent and checkout, checkout.js",
        "/orders/2f9c1e3a-0000-4000-8000-000000000001/gallery, Your headshots, gallery.js",
        "/privacy, Privacy, privacy.js"
    })
    void eachPageIsComposedWithItsTitleItsScriptAndTheSharedFrame(String path, String title, String script) {
        HttpResponse<String> page = server.send(
                server.request("GET", path, HttpRequest.BodyPublishers.noBody()).build());

        assertThat(page.statusCode()).isEqualTo(200);
        String html = page.body();
        assertThat(html)
                .startsWith("<!doctype html>")
                .doesNotContain("{{")
                .doesNotContain("<!-- title:")
                .contains("<title>" + Html.escape(title) + " · Kaptura</title>")
                .contains("<script src=\"/assets/common.js\" defer></script>")
                .contains("<a class=\"skip\" href=\"#main\">")
                .contains("<footer class=\"site-footer\">")
                .endsWith("</html>\n");
        assertThat(count(html, "<title>")).isEqualTo(1);
        assertThat(count(html, "<main id=\"main\"")).isEqualTo(1);
        Matcher scripts = Pattern.compile("<script[^>]*>").matcher(html);
        int pageScripts = 0;
        while (scripts.find()) {
            assertThat(scripts.group()).as("no inline script (CSP)").contains(" src=\"/assets/");
            pageScripts += scripts.group().contains("common.js") ? 0 : 1;
        }
        if (script == null) {
            assertThat(pageScripts).isZero();
        } else {
            assertThat(pageScripts).isEqualTo(1);
            assertThat(html).contains("<script src=\"/assets/" + script + "\" defer></script>");
        }
    }

    @Test
    void a_page_without_its_title_line_or_with_a_script_name_outside_the_assets_is_refused_at_start() {
        assertThatThrownBy(() -> PageRoutes.compose("bare.html", LAYOUT, "<main id=\"main\"></main>\n"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bare.html");
        assertThatThrownBy(() -> PageRoutes.compose(
                        "evil.html",
                        LAYOUT,
                        "<!-- title: Evil -->\n<!-- script: ../../x.js -->\n<main id=\"main\"></main>\n"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("evil.html");
    }

    @Test
    void the_title_is_escaped_and_the_main_element_kept_as_written() {
        String page = PageRoutes.compose(
                "p.html", LAYOUT, "<!-- title: Tom & Jerry -->\n<main id=\"main\"><p>Hi</p></main>\n");

        assertThat(page)
                .isEqualTo(
                        "<title>Tom &amp; Jerry · Kaptura</title>\n</head>\n<main id=\"main\"><p>Hi</p></main>\n<footer></footer>");
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }
}
