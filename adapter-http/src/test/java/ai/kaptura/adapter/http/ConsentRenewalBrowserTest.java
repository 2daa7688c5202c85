package ai.kaptura.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.order.Order;
import ai.kaptura.ports.in.CheckOut;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * R9 in a real browser: a paid order that waits because a policy version material for biometrics took effect
 * says so on its page and leads to the renewal, where the new notices stand above three unticked boxes; what the
 * person ticks goes to the renewal endpoint (never to a second checkout), and the order page then shows no wait.
 */
@Tag("R9")
class ConsentRenewalBrowserTest {

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

    @Test
    void a_waiting_order_leads_to_the_new_notices_and_the_renewal_is_sent_as_ticked() {
        Server.Session ada = server.signIn("ada-renews@example.org");
        AccountId account = server.fakes.signIn.authenticate(ada.token()).orElseThrow();
        Order paid = server.fakes.orders.paidAwaitingRenewal(account);
        chromium.signIn(server, ada);

        chromium.open(server, "/orders/" + paid.id());
        WebElement renew = chromium.waiting()
                .until(ExpectedConditions.elementToBeClickable(
                        By.linkText("Read the new notice and renew your consent")));
        assertThat(browser.findElement(By.id("next-step")).getText())
                .contains("Your order is waiting")
                .contains("renew your consent");
        renew.click();

        chromium.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("checkout-form")));
        assertThat(browser.findElement(By.id("checkout-title")).getText()).isEqualTo("Renew your consent");
        assertThat(browser.findElement(By.id("renewal-intro")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("notice-biometric")).getText())
                .contains("Notice text for biometric_processing");
        for (String box : new String[] {"consent-biometric", "consent-vendor", "adult"}) {
            WebElement checkbox = browser.findElement(By.id(box));
            assertThat(checkbox.isSelected())
                    .as("%s is never ticked for the person", box)
                    .isFalse();
            checkbox.click();
        }
        browser.findElement(By.id("checkout-submit")).click();

        chromium.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("renewed")));
        assertThat(server.fakes.orders.renewals).singleElement().satisfies(sent -> {
            assertThat(sent.order()).isEqualTo(paid.id());
            assertThat(sent.biometricProcessing()).isTrue();
            assertThat(sent.vendorDisclosure()).isTrue();
            assertThat(sent.adult()).isTrue();
            assertThat(sent.noticeVersion()).isEqualTo(Fakes.VERSION);
        });
        assertThat(server.fakes.orders.checkouts)
                .extracting(CheckOut.Command::order)
                .doesNotContain(paid.id());

        browser.findElement(By.id("renewed-link")).click();
        chromium.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("status-text"), "Paid"));
        assertThat(browser.findElements(By.linkText("Read the new notice and renew your consent")))
                .isEmpty();
    }
}
