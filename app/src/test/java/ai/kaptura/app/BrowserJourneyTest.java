package ai.kaptura.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The happy path through the real pages of the real wired product (embedded defaults, sandbox generator and
 * payments, email outbox) in Debian's headless Chromium: landing page, sign-in with the code from the outbox,
 * a new order, ten selfies through the file input with their per-file progress, checkout with the two consents
 * and the 18+ box found unticked (R4, R42), the sandbox payment page, the order page polling until delivery,
 * and the gallery where every headshot carries a visible "AI-generated" label (R44) next to a ZIP download.
 * All along: no SEVERE console message (a Content-Security-Policy violation would be one) and, with no
 * analytics configured, no {@code _ga} cookie and no request to Google's analytics hosts (R40).
 */
class BrowserJourneyTest {

    private static final String EMAIL = "grace.hopper@example.org";
    private static final int SELFIES = 10;
    private static final Duration STEP = Duration.ofSeconds(15);
    private static final Duration DELIVERY = Duration.ofSeconds(90);
    private static final Pattern ORDER_PAGE = Pattern.compile("/orders/([0-9a-fA-F-]{36})(\\?.*)?$");

    /**
     * The one console error the journey expects: before sign-in every page asks {@code /api/me} who is signed
     * in, and the answer "nobody" is a 401, which Chromium logs as a failed resource load.
     */
    private static final Pattern EXPECTED_SIGNED_OUT_PROBE = Pattern.compile(
            "^\\S+/api/me - Failed to load resource: the server responded with a status of 401.*", Pattern.DOTALL);

    @RegisterExtension
    final AttackTargets targets = new AttackTargets();

    @TempDir
    Path photos;

    private AttackTarget kaptura;
    private URI base;
    private ChromeDriver browser;
    private final List<String> console = new ArrayList<>();

    @BeforeEach
    void start() {
        kaptura = targets.start();
        base = kaptura.base;
        browser = targets.closeAfter(HeadlessChromium.start(
                        options -> options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"))))
                .driver();
    }

    @Test
    @Tag("R4")
    @Tag("R40")
    @Tag("R42")
    @Tag("R44")
    void a_person_goes_from_the_landing_page_to_labelled_headshots_through_the_pages_alone() throws Exception {
        try {
            journey();
        } catch (AssertionError | RuntimeException e) {
            collectConsole("the step that failed");
            throw new AssertionError(e.getMessage() + "\nSEVERE browser console messages so far: " + console, e);
        }
        assertThat(console)
                .as("SEVERE browser console messages during the journey (a Content-Security-Policy violation"
                        + " would be one; only the signed-out 401 of /api/me is expected)")
                .isEmpty();
    }

    private void journey() throws Exception {
        // The landing page: no analytics configured, so no banner, no _ga cookie, nothing sent to Google.
        browser.get(base.resolve("/").toString());
        waitFor(
                STEP,
                "the landing page's headline",
                d -> !d.findElements(By.tagName("h1")).isEmpty()
                        && d.findElement(By.tagName("h1")).getText().contains("Professional headshots"));
        waitFor(
                STEP,
                "the cookie script to settle",
                d -> "off".equals(script("return document.documentElement.dataset.analytics || ''")));
        assertNoAnalytics("on the landing page, before any cookie choice");
        assertThat(browser.findElements(By.id("cookie-banner")))
                .as("no banner while analytics is not configured")
                .isEmpty();

        // "Get started" leads to the orders, which asks for sign-in first.
        browser.findElement(By.linkText("Get started")).click();
        waitFor(STEP, "the sign-in page", d -> d.getCurrentUrl().contains("/sign-in"));
        collectConsole("the landing page");

        signIn();
        waitFor(
                STEP,
                "the orders page after sign-in",
                d -> URI.create(d.getCurrentUrl()).getPath().equals("/orders"));
        collectConsole("sign-in");

        String order = createOrder();
        collectConsole("the new order");

        uploadSelfies();
        collectConsole("the uploads");

        checkOut(order);
        collectConsole("the checkout");

        payInTheSandbox(order);
        collectConsole("the sandbox payment");

        awaitDelivery(order);
        collectConsole("the order page while it polled");

        seeTheGallery(order);
        collectConsole("the gallery");
        assertNoAnalytics("at the end of the journey, still without any cookie choice");
    }

    // ---- the steps --------------------------------------------------------------------------------

    private void signIn() {
        field("Email address").sendKeys(EMAIL);
        button("Email me a code").click();
        WebElement code = waitFor(STEP, "the code form", d -> {
            WebElement input = field("6-digit code");
            return input.isDisplayed() ? input : null;
        });
        assertThat(browser.findElement(By.id("code-sent")).getText())
                .as("the page says a code was sent")
                .isNotBlank();
        code.sendKeys(AttackTarget.codeIn(kaptura.awaitMail("sign-in-code", EMAIL, 0)));
        button("Sign in").click();
    }

    /** Picks the Starter plan and two of its styles, creates the order, and returns its id from the new page. */
    private String createOrder() {
        WebElement starter = waitFor(STEP, "the plans", d -> clickableLabel("Starter"));
        starter.click();
        WebElement planRadio = browser.findElement(By.id(starter.getDomAttribute("for")));
        assertThat(planRadio.isSelected()).as("the Starter plan is chosen").isTrue();
        for (String style : List.of("Studio grey", "Bright office")) {
            WebElement label = waitFor(STEP, "the style " + style, d -> clickableLabel(style));
            label.click();
            assertThat(browser.findElement(By.id(label.getDomAttribute("for"))).isSelected())
                    .as("the style %s is ticked", style)
                    .isTrue();
        }
        button("Create order").click();
        String url = waitFor(
                STEP,
                "the new order's page",
                d -> ORDER_PAGE.matcher(d.getCurrentUrl()).find() ? d.getCurrentUrl() : null);
        Matcher id = ORDER_PAGE.matcher(url);
        assertThat(id.find()).isTrue();
        waitFor(
                STEP,
                "the draft's upload section",
                d -> d.findElement(By.id("upload-section")).isDisplayed());
        assertThat(text("status-text")).isEqualTo("Draft — add your selfies");
        return id.group(1);
    }

    /** Sends ten 640×640 JPEGs through the file input and watches each one's progress bar reach "Uploaded.". */
    private void uploadSelfies() throws Exception {
        // R42: the first selfie waits for the person to say they are 18 or older, once, on the notice's text.
        waitFor(
                STEP,
                "the age statement",
                d -> d.findElement(By.id("age-section")).isDisplayed());
        assertThat(browser.findElement(By.id("files")).isEnabled())
                .as("no upload before the age statement")
                .isFalse();
        assertThat(text("age-notice")).isNotBlank();
        WebElement adult = checkboxLabelled("I am 18 or older");
        assertThat(adult.isSelected()).as("not ticked in advance").isFalse();
        adult.click();
        button("Confirm my age").click();
        waitFor(STEP, "uploads to open", d -> d.findElement(By.id("files")).isEnabled());
        assertThat(browser.findElement(By.id("age-section")).isDisplayed()).isFalse();

        List<String> paths = new ArrayList<>();
        for (int i = 0; i < SELFIES; i++) {
            Path photo = photos.resolve("selfie-" + i + ".jpg");
            Files.write(photo, AttackTarget.selfie(i));
            paths.add(photo.toString());
        }
        field("Add selfies").sendKeys(String.join("\n", paths));

        waitFor(Duration.ofSeconds(60), "every upload to be accepted", d -> {
            List<WebElement> rows = d.findElements(By.cssSelector("#uploads li"));
            return rows.size() == SELFIES
                    && rows.stream()
                            .allMatch(r -> "Uploaded."
                                    .equals(r.findElement(By.className("state")).getText()));
        });
        List<WebElement> rows = browser.findElements(By.cssSelector("#uploads li"));
        for (int i = 0; i < SELFIES; i++) {
            WebElement row = rows.get(i);
            assertThat(row.findElement(By.className("name")).getText()).isEqualTo("selfie-" + i + ".jpg");
            WebElement bar = row.findElement(By.tagName("progress"));
            assertThat(bar.getDomAttribute("aria-label")).isEqualTo("Upload of selfie-" + i + ".jpg");
            assertThat(bar.getDomProperty("value"))
                    .as("the progress of selfie-%d.jpg", i)
                    .isEqualTo("100");
            assertThat(row.findElement(By.className("state")).getDomAttribute("class"))
                    .contains("done");
        }
        waitFor(
                STEP,
                "the order to count the selfies",
                d -> Integer.toString(SELFIES).equals(text("selfie-count")));
        assertThat(browser.findElements(By.cssSelector("#selfies li"))).hasSize(SELFIES);

        // Each selfie shows its own thumbnail, small, made from the sanitised photo; removing one takes it away.
        List<WebElement> thumbnails = browser.findElements(By.cssSelector("#selfies li img.thumb"));
        assertThat(thumbnails).hasSize(SELFIES);
        for (WebElement thumbnail : thumbnails) {
            script("arguments[0].scrollIntoView({block: 'center'})", thumbnail);
            waitFor(
                    STEP,
                    "a thumbnail to load",
                    d -> Boolean.TRUE.equals(
                            script("return arguments[0].complete && arguments[0].naturalWidth > 0", thumbnail)));
            assertThat(((Number) script(
                                    "return Math.max(arguments[0].naturalWidth, arguments[0].naturalHeight)",
                                    thumbnail))
                            .intValue())
                    .isBetween(1, 320);
        }
        String removed = thumbnails.getLast().getDomAttribute("src");
        browser.findElement(By.cssSelector("button[aria-label='Remove selfie " + SELFIES + "']"))
                .click();
        waitFor(
                STEP,
                "the removed selfie's row and thumbnail to go",
                d -> d.findElements(By.cssSelector("#selfies li img.thumb")).size() == SELFIES - 1);
        assertThat(browser.findElements(By.cssSelector("#selfies li img.thumb")))
                .extracting(t -> t.getDomAttribute("src"))
                .doesNotContain(removed);
    }

    /** Finds the three boxes unticked, ticks them, and records the choices, which goes straight on to the payment page. */
    private void checkOut(String order) {
        WebElement proceed = waitFor(STEP, "the link to checkout", d -> link("Continue to consent and checkout"));
        proceed.click();
        waitFor(
                STEP,
                "the consent form",
                d -> d.findElement(By.id("checkout-form")).isDisplayed());
        assertThat(URI.create(browser.getCurrentUrl()).getPath()).isEqualTo("/orders/" + order + "/checkout");
        assertThat(text("notice-version")).as("the notice version shown").isNotBlank();
        for (String notice : List.of("notice-biometric", "notice-vendor", "notice-adult")) {
            assertThat(text(notice)).as("the notice text %s", notice).isNotBlank();
        }
        List<String> boxes = List.of(
                "I consent to Kaptura processing my selfies",
                "I consent to my selfies being disclosed",
                "I am 18 or older");
        for (String box : boxes) {
            WebElement checkbox = checkboxLabelled(box);
            assertThat(checkbox.isSelected())
                    .as("\"%s\" is not ticked in advance", box)
                    .isFalse();
        }
        for (String box : boxes) {
            WebElement checkbox = checkboxLabelled(box);
            checkbox.click();
            assertThat(checkbox.isSelected())
                    .as("\"%s\" is ticked by the person", box)
                    .isTrue();
        }
        button("Record my choices and continue to payment").click();
        // One step: recording consent goes straight on to the payment page, with no page between.
        waitFor(
                STEP,
                "the payment page right after consent",
                d -> URI.create(d.getCurrentUrl()).getPath().startsWith("/sandbox/checkout/"));
    }

    private void payInTheSandbox(String order) {
        waitFor(
                STEP,
                "the sandbox checkout page",
                d -> !d.findElements(By.tagName("h1")).isEmpty()
                        && "Sandbox checkout"
                                .equals(d.findElement(By.tagName("h1")).getText()));
        assertThat(browser.findElement(By.tagName("main")).getText()).contains(order);
        WebElement pay = browser.findElement(By.xpath(
                "//button[starts-with(normalize-space(.), 'Pay ') and contains(normalize-space(.), '(sandbox)')]"));
        pay.click();
        waitFor(STEP, "the order page after paying", d -> {
            URI now = URI.create(d.getCurrentUrl());
            return now.getPath().equals("/orders/" + order) && "paid=1".equals(now.getQuery());
        });
    }

    /** The order page polls by itself until the order is delivered; nothing is reloaded here. */
    private void awaitDelivery(String order) {
        try {
            waitFor(
                    DELIVERY,
                    "the order page to show the order delivered",
                    d -> "Delivered".equals(text("status-text")));
        } catch (TimeoutException e) {
            throw new AssertionError(
                    "The order page did not show \"Delivered\" within " + DELIVERY + "; it shows \""
                            + text("status-text") + "\", error \"" + text("order-error") + "\", next step \""
                            + text("next-step") + "\"",
                    e);
        }
        assertThat(browser.findElement(By.cssSelector("#steps li[aria-current=step]"))
                        .getText())
                .isEqualTo("Delivered");
        assertThat(browser.findElement(By.id("upload-section")).isDisplayed())
                .as("no uploads once delivered")
                .isFalse();
        WebElement gallery = link("See your headshots");
        assertThat(gallery).as("a link to the headshots once delivered").isNotNull();
        assertThat(URI.create(gallery.getDomProperty("href")).getPath()).isEqualTo("/orders/" + order + "/gallery");
        gallery.click();
    }

    private void seeTheGallery(String order) {
        List<WebElement> figures = waitFor(STEP, "the headshots in the gallery", d -> {
            List<WebElement> found = d.findElements(By.cssSelector("#gallery figure"));
            return found.isEmpty() ? null : found;
        });
        assertThat(text("gallery-error")).isEmpty();
        assertThat(figures).as("the Starter plan's 8 headshots").hasSizeGreaterThanOrEqualTo(8);
        for (int i = 0; i < figures.size(); i++) {
            WebElement figure = figures.get(i);
            script("arguments[0].scrollIntoView({block: 'center'})", figure);
            WebElement image = figure.findElement(By.tagName("img"));
            waitFor(
                    STEP,
                    "headshot " + (i + 1) + " to load",
                    d -> Boolean.TRUE.equals(
                            script("return arguments[0].complete && arguments[0].naturalWidth > 0", image)));
            assertThat(image.isDisplayed()).isTrue();
            assertThat(image.getDomAttribute("alt")).startsWith("AI-generated headshot");
            assertThat(figure.findElement(By.tagName("figcaption")).getText())
                    .as("the style by its title, not its slug")
                    .matches("AI-generated · (Studio grey|Bright office|City outdoor|Dark editorial)(\\s+Download)?");
            List<WebElement> labels = figure.findElements(By.className("ai-label"));
            assertThat(labels).as("headshot %d has its label", i + 1).hasSize(1);
            WebElement label = labels.get(0);
            assertThat(label.isDisplayed())
                    .as("the label of headshot %d is visible", i + 1)
                    .isTrue();
            assertThat(label.getText()).as("the label of headshot %d", i + 1).isEqualTo("AI-generated");
            assertThat(label.getSize().getWidth() * label.getSize().getHeight())
                    .as("the label has an area")
                    .isPositive();
            assertThat(insideOf(label, image))
                    .as("the label of headshot %d sits on its image", i + 1)
                    .isTrue();
            assertThat(figure.findElement(By.linkText("Download")).getDomAttribute("download"))
                    .isNotNull();
        }

        WebElement zip = browser.findElement(By.linkText("Download all (ZIP)"));
        assertThat(zip.isDisplayed()).isTrue();
        assertThat(URI.create(zip.getDomProperty("href")).getPath())
                .isEqualTo("/api/orders/" + order + "/headshots.zip");
        assertThat(zip.getDomAttribute("download")).isNotNull();
        Object answer = browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0], { credentials: 'same-origin' })
                  .then(async r => done(r.status + ' ' + r.headers.get('Content-Type') + ' ' + (await r.arrayBuffer()).byteLength))
                  .catch(e => done('failed ' + e));
                """, zip.getDomProperty("href"));
        String[] parts = String.valueOf(answer).split(" ");
        assertThat(parts[0]).as("the ZIP link answers: %s", answer).isEqualTo("200");
        assertThat(parts[1]).as("the ZIP link's content type").contains("zip");
        assertThat(Long.parseLong(parts[parts.length - 1])).as("the ZIP's size").isPositive();
    }

    // ---- checks that run all along ----------------------------------------------------------------

    /** R40 with analytics not configured: no analytics cookie, no script, no request to Google's hosts. */
    private void assertNoAnalytics(String when) {
        assertThat(browser.manage().getCookieNamed("_ga"))
                .as("no _ga cookie %s", when)
                .isNull();
        assertThat(browser.manage().getCookies())
                .as("no analytics cookie %s", when)
                .noneMatch(c -> c.getName().startsWith("_ga") || c.getName().equals("_gid"));
        @SuppressWarnings("unchecked")
        List<String> requested = (List<String>)
                script("return performance.getEntriesByType('resource').map(e => e.name).concat([location.href])");
        assertThat(requested)
                .as("the requests of this page %s", when)
                .isNotEmpty()
                .noneMatch(url -> url.contains("google-analytics.com")
                        || url.contains("googletagmanager.com")
                        || url.contains("analytics.google.com")
                        || url.contains("doubleclick.net"));
        assertThat(script("return typeof window.gtag")).as("no gtag %s", when).isEqualTo("undefined");
    }

    /** Keeps every SEVERE console entry since the last call, apart from the signed-out {@code /api/me} probe. */
    private void collectConsole(String during) {
        for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()
                    && !EXPECTED_SIGNED_OUT_PROBE.matcher(entry.getMessage()).matches()) {
                console.add(during + ": " + entry.getMessage());
            }
        }
    }

    // ---- finding things the way a person does -----------------------------------------------------

    /** The form control a visible label names, by the label's {@code for}. */
    private WebElement field(String label) {
        WebElement found = browser.findElement(By.xpath("//label[normalize-space(.)=" + xpathLiteral(label) + "]"));
        return browser.findElement(By.id(found.getDomAttribute("for")));
    }

    /** The checkbox inside the label whose text starts with {@code words}. */
    private WebElement checkboxLabelled(String words) {
        return browser.findElement(By.xpath(
                "//label[starts-with(normalize-space(.), " + xpathLiteral(words) + ")]//input[@type='checkbox']"));
    }

    private WebElement clickableLabel(String words) {
        List<WebElement> labels =
                browser.findElements(By.xpath("//label[contains(normalize-space(.), " + xpathLiteral(words) + ")]"));
        return labels.isEmpty() || !labels.get(0).isDisplayed() ? null : labels.get(0);
    }

    private WebElement button(String text) {
        return new WebDriverWait(browser, STEP)
                .until(ExpectedConditions.elementToBeClickable(
                        By.xpath("//button[normalize-space(.)=" + xpathLiteral(text) + "]")));
    }

    private WebElement link(String text) {
        List<WebElement> links = browser.findElements(By.linkText(text));
        return links.isEmpty() || !links.get(0).isDisplayed() ? null : links.get(0);
    }

    private String text(String id) {
        List<WebElement> found = browser.findElements(By.id(id));
        return found.isEmpty() ? "" : found.get(0).getText();
    }

    private boolean insideOf(WebElement inner, WebElement outer) {
        var a = inner.getRect();
        var b = outer.getRect();
        return a.getX() >= b.getX()
                && a.getY() >= b.getY()
                && a.getX() + a.getWidth() <= b.getX() + b.getWidth()
                && a.getY() + a.getHeight() <= b.getY() + b.getHeight();
    }

    private Object script(String source, Object... arguments) {
        return ((JavascriptExecutor) browser).executeScript(source, arguments);
    }

    private <T> T waitFor(Duration within, String what, java.util.function.Function<WebDriver, T> condition) {
        return new WebDriverWait(browser, within)
                .withMessage("waiting for " + what)
                .until(condition);
    }

    private static String xpathLiteral(String text) {
        return text.contains("'") ? "\"" + text + "\"" : "'" + text + "'";
    }
}
