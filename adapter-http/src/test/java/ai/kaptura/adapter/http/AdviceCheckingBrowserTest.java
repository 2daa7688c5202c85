package ai.kaptura.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.advice.AdviceFlag;
import ai.kaptura.domain.advice.SelfieAdvice;
import ai.kaptura.domain.biometric.Selfie;
import ai.kaptura.domain.order.Order;
import ai.kaptura.ports.in.UploadSelfie;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * R51 in a real browser: advice is computed by a job after each upload, so a photo still being checked says so on the
 * order page and is counted apart on the checkout page; both pages ask again meanwhile, and the advice appears without
 * a reload once it is there (here: once the test puts it in the fake), the thumbnails staying as they were drawn.
 */
@Tag("R51")
class AdviceCheckingBrowserTest {

    private static Server server;
    private static HeadlessChromium chromium;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws IOException {
        server = new Server();
        chromium = HeadlessChromium.start();
        browser = chromium.browser;
    }

    @AfterAll
    static void stop() throws IOException {
        HeadlessChromium.closeAll(chromium, server);
    }

    private static List<Selfie> draftWith(AccountId account, Order draft, int photos) {
        for (int i = 0; i < photos; i++) {
            server.fakes.orders.upload(
                    new UploadSelfie.Upload(account, draft.id(), new ByteArrayInputStream(Fakes.JPEG)));
        }
        return server.fakes.orders.orders.get(draft.id()).liveSelfies();
    }

    private static SelfieAdvice advice(AdviceFlag flag) {
        return new SelfieAdvice(EnumSet.of(flag), Optional.empty());
    }

    @Test
    void the_order_page_says_a_photo_is_being_checked_and_shows_its_advice_when_it_comes_without_a_reload() {
        Server.Session ada = server.signIn("ada-checking@example.org");
        AccountId account = server.fakes.signIn.authenticate(ada.token()).orElseThrow();
        Order draft = server.fakes.orders.draftFor(account);
        List<Selfie> selfies = draftWith(account, draft, 2);
        server.fakes.orders.advice.put(selfies.get(0).id(), advice(AdviceFlag.BLURRY));
        server.fakes.orders.adviceUnderWay.add(draft.id());
        chromium.signIn(server, ada);

        chromium.open(server, "/orders/" + draft.id());
        WebElement checking = chromium.waiting()
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#selfies .advice.checking")));
        assertThat(checking.getText()).isEqualTo("Checking quality…");
        assertThat(browser.findElement(By.id("advice-checking")).getText()).isEqualTo("Checking 1 photo for quality…");
        List<WebElement> thumbnails = browser.findElements(By.cssSelector("#selfies img.thumb"));
        assertThat(thumbnails).hasSize(2);

        // The job ends: the advice is there and nothing is under way any more.
        server.fakes.orders.advice.put(selfies.get(1).id(), advice(AdviceFlag.SEVERAL_FACES));
        server.fakes.orders.adviceUnderWay.remove(draft.id());

        chromium.waiting()
                .until(d -> d.findElements(By.cssSelector("#selfies .advice.checking"))
                        .isEmpty());
        assertThat(browser.findElements(By.cssSelector("#selfies .advice")))
                .extracting(WebElement::getText)
                .containsExactly("Advice: blurry.", "Advice: more than one face.");
        assertThat(browser.findElement(By.id("advice-checking")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("advice-summary")).getText())
                .startsWith("2 of your 2 photos may lower the quality of your headshots.");
        // The same image elements, moved rather than drawn again (a stale one would throw here).
        assertThat(thumbnails).extracting(t -> t.getAttribute("alt")).containsExactly("Selfie 1", "Selfie 2");
    }

    @Test
    void the_checkout_summary_counts_the_photos_being_checked_apart_until_they_are_checked() {
        Server.Session bea = server.signIn("bea-checking@example.org");
        AccountId account = server.fakes.signIn.authenticate(bea.token()).orElseThrow();
        Order draft = server.fakes.orders.draftFor(account);
        List<Selfie> selfies = draftWith(account, draft, 3);
        server.fakes.orders.advice.put(selfies.get(0).id(), advice(AdviceFlag.TOO_DARK));
        server.fakes.orders.adviceUnderWay.add(draft.id());
        chromium.signIn(server, bea);

        chromium.open(server, "/orders/" + draft.id() + "/checkout");
        WebElement checking = chromium.waiting()
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("checkout-advice-checking")));
        assertThat(checking.getText()).isEqualTo("Checking 2 photos for quality…");
        assertThat(browser.findElement(By.id("checkout-advice-text")).getText())
                .isEqualTo("1 of your 3 photos may lower the quality of your headshots.");

        server.fakes.orders.advice.put(selfies.get(1).id(), SelfieAdvice.NONE);
        server.fakes.orders.advice.put(selfies.get(2).id(), advice(AdviceFlag.BLURRY));
        server.fakes.orders.adviceUnderWay.remove(draft.id());

        chromium.waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.id("checkout-advice-checking")));
        assertThat(browser.findElement(By.id("checkout-advice-text")).getText())
                .isEqualTo("2 of your 3 photos may lower the quality of your headshots.");
        assertThat(browser.findElement(By.id("checkout-form")).isDisplayed())
                .as("advice, checked or not, never blocks checkout")
                .isTrue();
    }
}
