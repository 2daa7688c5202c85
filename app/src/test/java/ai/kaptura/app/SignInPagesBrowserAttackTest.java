package ai.kaptura.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The sign-in pages in Debian's headless Chromium, attacked as a person's browser meets the attacks (R47): a
 * crafted {@code ?next=} that a URL parser would turn into another site, and the emailed link, which must sign in
 * only when its page's button is pressed, in the browser that asked for it.
 */
@Tag("attack")
@Tag("R47")
class SignInPagesBrowserAttackTest {

    private static final Duration STEP = Duration.ofSeconds(15);
    private static final String EMAIL = "ada@example.org";

    @RegisterExtension
    final AttackTargets targets = new AttackTargets();

    private AttackTarget target;
    private ChromeDriver browser;

    @BeforeEach
    void start() {
        target = targets.start();
        browser = targets.closeAfter(HeadlessChromium.start()).driver();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/%09/evil.example",
                "/%5Cevil.example",
                "//evil.example",
                "https://evil.example/",
                "/%0A/evil.example",
                "/%2F/evil.example"
            })
    void signing_in_never_leads_to_another_site_whatever_next_says(String next) {
        browser.get(target.base + "/sign-in?next=" + next);

        signInWithTheCode();

        String landed = new WebDriverWait(browser, STEP)
                .until(d -> d.getCurrentUrl().contains("/sign-in") ? null : d.getCurrentUrl());
        URI where = URI.create(landed);
        assertThat(where.getHost()).as("landed on " + landed).isEqualTo("localhost");
        assertThat(where.getPort()).isEqualTo(target.base.getPort());
    }

    @Test
    void a_harmless_next_still_leads_back_where_the_person_was() {
        browser.get(target.base + "/sign-in?next=/privacy");

        signInWithTheCode();

        new WebDriverWait(browser, STEP)
                .until(d -> URI.create(d.getCurrentUrl()).getPath().equals("/privacy"));
    }

    @Test
    void the_link_signs_in_only_when_its_button_is_pressed_in_the_browser_that_asked() {
        browser.get(target.base + "/sign-in");
        typeEmailAndAskForACode();
        String link = target.latestLink(EMAIL);

        browser.get(link);
        WebElement button = new WebDriverWait(browser, STEP).until(d -> d.findElement(By.id("link-button")));
        assertThat(URI.create(browser.getCurrentUrl()).getQuery())
                .as("the token leaves the address bar")
                .isNull();
        assertThat(browser.manage().getCookieNamed("kaptura_session"))
                .as("opening the link signs nobody in")
                .isNull();

        button.click();

        new WebDriverWait(browser, STEP)
                .until(d -> URI.create(d.getCurrentUrl()).getPath().equals("/orders"));
        assertThat(browser.manage().getCookieNamed("kaptura_session")).isNotNull();
    }

    private void signInWithTheCode() {
        typeEmailAndAskForACode();
        WebElement code = new WebDriverWait(browser, STEP).until(d -> {
            WebElement input = d.findElement(By.id("code"));
            return input.isDisplayed() ? input : null;
        });
        code.sendKeys(target.latestCode("sign-in-code", EMAIL));
        browser.findElement(By.cssSelector("#code-form button[type=submit]")).click();
    }

    private void typeEmailAndAskForACode() {
        int before = target.mails("sign-in-code", EMAIL).size();
        new WebDriverWait(browser, STEP)
                .until(d -> d.findElement(By.id("email")))
                .sendKeys(EMAIL);
        browser.findElement(By.cssSelector("#email-form button[type=submit]")).click();
        target.awaitMail("sign-in-code", EMAIL, before);
    }
}
