package ai.kaptura.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.order.Order;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Every page, as a signed-in person sees it once its script has drawn it (cookie banner included), passes the
 * automated WCAG 2.1 A and AA checks of axe-core in headless Chromium: labels, names, contrast, landmarks,
 * headings, language, ARIA use. Automated checks find part of what matters (keyboard order and wording still
 * need a person), but what they find cannot come back unnoticed. The consent form is also filled in and sent
 * with the keyboard alone.
 */
class AccessibilityBrowserTest {

    private static final String AXE = "/META-INF/resources/webjars/axe-core/4.6.3/axe.min.js";
    private static Server server;
    private static HeadlessChromium chromium;
    private static ChromeDriver browser;
    private static String axe;
    private static Order draft;
    private static Order delivered;
    private static Order waiting;

    @BeforeAll
    static void start() throws IOException {
        try (InputStream in = AccessibilityBrowserTest.class.getResourceAsStream(AXE)) {
            if (in == null) {
                throw new IllegalStateException("axe-core is missing from the test classpath (" + AXE + ")");
            }
            axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // With an analytics id the cookie banner is on every page; its script is never loaded here (no Accept).
        server =
                new Server(Server.Options.defaults().analytics("G-TEST1234", URI.create("http://127.0.0.1:9/gtag/js")));
        Server.Session ada = server.signIn("ada-a11y@example.org");
        AccountId account = server.fakes.signIn.authenticate(ada.token()).orElseThrow();
        draft = server.fakes.orders.draftFor(account);
        // R51: the draft's photos carry advice, so its words are on the order and checkout pages checked below; its
        // third photo is still being checked, so those pages also say so (and ask again meanwhile).
        for (int i = 0; i < 3; i++) {
            server.fakes.orders.upload(new ai.kaptura.ports.in.UploadSelfie.Upload(
                    account, draft.id(), new java.io.ByteArrayInputStream(Fakes.JPEG)));
        }
        var selfies = server.fakes.orders.orders.get(draft.id()).liveSelfies();
        server.fakes.orders.advice.put(
                selfies.get(0).id(),
                new ai.kaptura.domain.advice.SelfieAdvice(
                        java.util.Set.of(ai.kaptura.domain.advice.AdviceFlag.BLURRY), java.util.Optional.empty()));
        server.fakes.orders.advice.put(
                selfies.get(1).id(),
                new ai.kaptura.domain.advice.SelfieAdvice(
                        java.util.Set.of(ai.kaptura.domain.advice.AdviceFlag.SAME_AS),
                        java.util.Optional.of(selfies.get(0).id())));
        server.fakes.orders.adviceUnderWay.add(draft.id());
        delivered = server.fakes.orders.draftFor(account);
        server.fakes.orders.deliverHeadshot(delivered);
        server.fakes.orders.deliverHeadshot(delivered);
        waiting = server.fakes.orders.paidAwaitingRenewal(account);
        chromium = HeadlessChromium.start();
        browser = chromium.browser;
        chromium.signIn(server, ada);
    }

    @AfterAll
    static void stop() throws IOException {
        HeadlessChromium.closeAll(chromium, server);
    }

    /** Each page with an element that exists only once its script has drawn what it fetched. */
    static Stream<Arguments> pages() {
        return Stream.of(
                Arguments.of("/", "#cookie-banner"),
                Arguments.of("/sign-in", "#email-form"),
                Arguments.of("/auth/link?token=" + Fakes.GOOD_LINK, "#link-form button"),
                Arguments.of("/orders", "#orders-list tbody tr"),
                Arguments.of("/orders/{draft}", "#selfies .advice.checking"),
                Arguments.of(
                        "/orders/{draft}/checkout",
                        "#checkout-advice:not([hidden]) ~ #checkout-advice-checking:not([hidden])"),
                Arguments.of("/orders/{waiting}", "#next-step a"),
                Arguments.of("/orders/{waiting}/checkout", "#renewal-intro:not([hidden])"),
                Arguments.of("/sandbox/checkout/chk_1", "main form"),
                Arguments.of("/orders/{delivered}/gallery", "#gallery img"),
                Arguments.of("/privacy", "#retention *"),
                Arguments.of("/operator", "#operator-email-form"),
                Arguments.of("/operator (signed in as an operator)", "#processors table"),
                Arguments.of("/no-such-page", "main h1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void the_page_passes_the_automated_wcag_checks(String path, String drawn) throws IOException {
        if (path.startsWith("/operator (")) {
            // The desk itself, as an operator sees it: the operator's session in its own cookie (R50).
            chromium.open(server, "/health/live");
            browser.manage()
                    .addCookie(new org.openqa.selenium.Cookie(
                            Cookies.OPERATOR, server.operatorSignIn().token(), "/"));
            path = "/operator";
        }
        chromium.open(
                server,
                path.replace("{draft}", draft.id().toString())
                        .replace("{delivered}", delivered.id().toString())
                        .replace("{waiting}", waiting.id().toString()));
        chromium.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(drawn)));

        JavascriptExecutor js = browser;
        js.executeScript(axe);
        Object result = js.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
                  .then(r => done(JSON.stringify(r.violations.map(v => ({ rule: v.id, impact: v.impact, help: v.help,
                    where: v.nodes.map(n => n.target.join(' ') + ' — ' + n.failureSummary) })))))
                  .catch(e => done(JSON.stringify([{ rule: 'axe-failed', impact: 'critical', help: String(e), where: [] }])));
                """);
        List<Map<String, Object>> violations =
                new ObjectMapper().readValue(String.valueOf(result), new TypeReference<>() {});

        assertThat(violations)
                .as("axe-core WCAG 2.1 A/AA violations on %s", path)
                .isEmpty();
    }

    /** The consent form, from the keyboard alone: the first stop skips to the content, Tab reaches each box, Space ticks it. */
    @Test
    void checkout_works_from_the_keyboard_alone_and_goes_straight_on_to_the_payment_page() {
        chromium.open(server, "/orders/" + draft.id() + "/checkout");
        WebDriverWait wait = chromium.waiting();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#checkout-form:not([hidden])")));
        int before = server.fakes.orders.checkouts.size();

        Actions keys = new Actions(browser);
        keys.sendKeys(Keys.TAB).perform();
        assertThat(focused().getText()).isEqualTo("Skip to content");
        for (String box : List.of("consent-biometric", "consent-vendor", "adult")) {
            tabTo(box);
            keys.sendKeys(Keys.SPACE).perform();
            assertThat(browser.findElement(By.id(box)).isSelected())
                    .as("%s ticked with Space", box)
                    .isTrue();
        }
        tabTo("checkout-submit");
        keys.sendKeys(Keys.ENTER).perform();

        wait.until(d -> d.getCurrentUrl().startsWith("http://localhost/sandbox/checkout/ref-"));
        assertThat(server.fakes.orders.checkouts).hasSize(before + 1);
        assertThat(server.fakes.orders.checkouts.getLast()).satisfies(sent -> {
            assertThat(sent.biometricProcessing()).isTrue();
            assertThat(sent.vendorDisclosure()).isTrue();
            assertThat(sent.adult()).isTrue();
        });
    }

    private static WebElement focused() {
        return browser.switchTo().activeElement();
    }

    /** Presses Tab until the element with {@code id} has the focus; fails after 60 presses. */
    private static void tabTo(String id) {
        Actions keys = new Actions(browser);
        for (int i = 0; i < 60; i++) {
            if (id.equals(focused().getAttribute("id"))) {
                return;
            }
            keys.sendKeys(Keys.TAB).perform();
        }
        throw new AssertionError("Tab never reached #" + id);
    }
}
