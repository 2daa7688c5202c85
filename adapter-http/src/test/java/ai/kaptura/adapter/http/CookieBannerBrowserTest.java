package ai.kaptura.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * R40 in a real browser (Debian's headless Chromium): the analytics script, pointed at a local stub, is not
 * requested and sets no {@code _ga} cookie before "Accept"; it is after; and after withdrawal its cookies
 * are gone and the next page load does not request it.
 */
@Tag("R40")
@Tag("R41")
class CookieBannerBrowserTest {

    private static HttpServer analyticsStub;
    private static final AtomicInteger scriptRequests = new AtomicInteger();
    private static Server server;
    private static HeadlessChromium chromium;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws IOException {
        analyticsStub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        analyticsStub.createContext("/gtag/js", exchange -> {
            scriptRequests.incrementAndGet();
            // What the real tag does first: a first-party _ga cookie on the page's own site.
            byte[] script = "document.cookie = '_ga=GA1.1.42.1700000000; path=/; max-age=3600';"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/javascript");
            exchange.sendResponseHeaders(200, script.length);
            exchange.getResponseBody().write(script);
            exchange.close();
        });
        analyticsStub.start();
        URI script = URI.create("http://127.0.0.1:" + analyticsStub.getAddress().getPort() + "/gtag/js");
        server = new Server(Server.Options.defaults().analytics("G-TEST1234", script));
        chromium = HeadlessChromium.start();
        browser = chromium.browser;
    }

    @AfterAll
    static void stop() throws IOException {
        HeadlessChromium.closeAll(chromium, server);
        if (analyticsStub != null) {
            analyticsStub.stop(0);
        }
    }

    private static String analyticsState() {
        Object state = ((JavascriptExecutor) browser)
                .executeScript("return document.documentElement.dataset.analytics || '';");
        return String.valueOf(state);
    }

    @Test
    void analytics_loads_only_after_accept_and_never_after_withdrawal() {
        chromium.open(server, "/");
        chromium.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("cookie-banner")));

        // Before any choice: the banner asks, and nothing went to the analytics host.
        assertThat(analyticsState()).isEqualTo("off");
        assertThat(scriptRequests.get()).isZero();
        assertThat(browser.manage().getCookieNamed("_ga")).isNull();

        browser.findElement(By.id("cookie-accept")).click();
        chromium.waiting()
                .until(driver -> scriptRequests.get() == 1 && driver.manage().getCookieNamed("_ga") != null);
        assertThat(analyticsState()).isEqualTo("loaded");
        assertThat(browser.findElements(By.id("cookie-banner"))).isEmpty();

        chromium.open(server, "/privacy");
        chromium.waiting()
                .until(ExpectedConditions.elementToBeClickable(By.id("analytics-withdraw")))
                .click();
        chromium.waiting()
                .until(driver -> driver.manage().getCookieNamed("_ga") == null
                        && "off".equals(analyticsState())
                        && driver.findElement(By.id("analytics-allow")).isDisplayed());
        int requestsBeforeNextPage = scriptRequests.get();

        chromium.open(server, "/");
        chromium.waiting().until(driver -> "off".equals(analyticsState()));
        assertThat(scriptRequests.get()).isEqualTo(requestsBeforeNextPage);
        assertThat(browser.manage().getCookieNamed("_ga")).isNull();
        assertThat(browser.findElements(By.id("cookie-banner")))
                .as("the refusal is remembered (R41)")
                .isEmpty();
        assertThat(server.fakes.cookies.recorded).extracting(c -> c.analytics()).containsExactly(true, false);
    }
}
