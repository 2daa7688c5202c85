package ai.kaptura.app;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.ports.out.Job;
import ai.kaptura.ports.out.JobKind;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * R50 through the real pages of the real product in headless Chromium: an operator listed in {@code KAPTURA_OPERATORS}
 * signs in at {@code /operator} with the emailed code and, from the desk alone, records a request that came by post,
 * extends it with a reason, refuses it with a fresh code, retries a failing job, flags a minor with a fresh code, places
 * a legal hold and lifts it with a fresh code, and
 * reads the promises at risk, the evidence of a request and the processors. Every action lands in the audit log under
 * the operator's pseudonymous id with its reason, the person is told by email, and the operator's session opens none of
 * a person's routes.
 */
@Tag("R50")
class OperatorDeskBrowserTest {

    private static final String OPERATOR = "ops@example.org";
    private static final String ADA = "ada.desk@example.org";
    private static final String KID = "kid.desk@example.org";
    private static final Duration STEP = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final AttackTargets targets = new AttackTargets();

    private AttackTarget kaptura;
    private ChromeDriver browser;

    @BeforeEach
    void start() {
        kaptura = targets.start(Map.of("KAPTURA_OPERATORS", OPERATOR));
        browser = targets.closeAfter(HeadlessChromium.start()).driver();
    }

    @Test
    void an_operator_signs_in_and_does_each_action_of_the_desk_from_its_page() throws Exception {
        kaptura.browser().signIn(ADA);
        kaptura.browser().signIn(KID);
        // A job that fails on every run: a mail job whose payload no runner reads.
        kaptura.jobs().enqueue(new Job(JobKind.SEND_EMAIL, "email:broken-by-test", "not a payload", Instant.now()));
        AttackTarget.await(
                () -> !kaptura.jobs().troubled(1, 10).isEmpty(), Duration.ofSeconds(30), "the broken job to fail once");

        browser.get(kaptura.base.resolve("/operator").toString());
        field("Operator's email address").sendKeys(OPERATOR);
        button("Email me a code").click();
        WebElement code = waitFor("the code form", d -> {
            WebElement input = field("6-digit code");
            return input.isDisplayed() ? input : null;
        });
        code.sendKeys(AttackTarget.codeIn(kaptura.awaitMail("operator-sign-in-code", OPERATOR, 0)));
        button("Open the desk").click();
        waitFor("the desk", d -> d.findElement(By.id("desk")).isDisplayed());
        waitFor("the record of processing", d -> text("processors").contains("Controller"));
        assertThat(text("alarms")).isNotBlank();

        // A request that came by post, recorded as received on the day it arrived.
        field("The person's account address").sendKeys(ADA);
        new Select(field("What they ask for")).selectByValue("access");
        new Select(field("How it arrived")).selectByValue("postal");
        field("Note for the audit log").sendKeys("Letter asking for a copy of the data");
        button("Record the request").click();
        awaitResult("Recorded as received");
        kaptura.awaitMail("privacy-request-received", ADA, 0);

        // Extended once with a reason the person is told.
        field("Reason (given to the person when you extend or refuse)")
                .sendKeys("The request covers several years of records");
        rowButton("[data-request]", "Extend").click();
        awaitResult("Extended once");
        assertThat(kaptura.awaitMail("privacy-request-extended", ADA, 0))
                .contains("The request covers several years of records");

        // Refused: without a fresh code it is not, with one it is.
        WebElement reason = field("Reason (given to the person when you extend or refuse)");
        reason.clear();
        reason.sendKeys("Manifestly unfounded: the same letter every week");
        rowButton("[data-request]", "Refuse").click();
        awaitError("fresh code");
        button("Email me a fresh code").click();
        field("Fresh code").sendKeys(AttackTarget.codeIn(kaptura.awaitMail("operator-confirmation-code", OPERATOR, 0)));
        rowButton("[data-request]", "Refuse").click();
        awaitResult("Refused");
        assertThat(kaptura.awaitMail("privacy-request-refused", ADA, 0))
                .contains("Manifestly unfounded")
                .contains("complaint");
        rowButton("[data-request]", "Evidence").click();
        waitFor(
                "the request's evidence",
                d -> d.findElement(By.id("request-evidence")).getText().contains("Refused:"));

        // The failing job, with its last error, run again.
        assertThat(text("jobs")).contains("email:broken-by-test");
        field("Reason for a retry").sendKeys("Checking whether the mail job still fails");
        rowButton("tr:has([data-job='email:broken-by-test'])", "Retry").click();
        awaitResult("runs again");

        // A minor flagged, with a fresh code: processing stops, the erasure is tracked against 72 hours.
        field("The account's address").sendKeys(KID);
        new Select(field("Who told us")).selectByValue("parent_or_guardian");
        field("Reason").sendKeys("A parent wrote that the account holder is 15");
        button("Email me a fresh code").click();
        field("Fresh code").sendKeys(AttackTarget.codeIn(kaptura.awaitMail("operator-confirmation-code", OPERATOR, 1)));
        button("Flag as a minor").click();
        awaitResult("Processing stopped");
        waitFor(
                "the minor's case",
                d -> !d.findElements(By.cssSelector("#minors tbody tr")).isEmpty());

        // A legal hold placed on a warrant, then lifted with a fresh code.
        field("The account's address", 1).sendKeys(ADA);
        new Select(field("Basis")).selectByValue("warrant");
        field("Court or case reference").sendKeys("District court case 2026-HD-17");
        field("Why the hold is placed").sendKeys("Warrant served on the controller today");
        button("Place the hold").click();
        awaitResult("Held:");
        field("Reason for lifting a hold").sendKeys("The court released the warrant");
        button("Email me a fresh code").click();
        WebElement fresh = field("Fresh code");
        fresh.clear();
        fresh.sendKeys(AttackTarget.codeIn(kaptura.awaitMail("operator-confirmation-code", OPERATOR, 2)));
        rowButton("[data-hold]", "Lift").click();
        awaitResult("Lifted:");

        // The operator's session is not a person's.
        Object status = ((JavascriptExecutor) browser)
                .executeAsyncScript("const done = arguments[arguments.length - 1];"
                        + " fetch('/api/me', {credentials: 'same-origin'}).then(r => done(r.status));");
        assertThat(status)
                .as("a person's route with only the operator's session")
                .isEqualTo(401L);

        JsonNode entries = JSON.readTree(kaptura.auditLog().body()).get("entries");
        for (String action : List.of(
                "OPERATOR_SIGNED_IN",
                "PRIVACY_REQUEST_EXTENDED",
                "PRIVACY_REQUEST_REFUSED",
                "JOB_RETRIED",
                "MINOR_FLAGGED",
                "LEGAL_HOLD_PLACED",
                "LEGAL_HOLD_LIFTED")) {
            JsonNode entry = null;
            for (JsonNode e : entries) {
                if (e.path("action").asText().equalsIgnoreCase(action)) {
                    entry = e;
                }
            }
            assertThat(entry).as("an audit entry " + action).isNotNull();
            assertThat(entry.toString()).as(action + " names the operator").containsIgnoringCase("operator");
            assertThat(entry.toString()).as("no address in the audit log").doesNotContain(OPERATOR);
        }
    }

    private void awaitResult(String words) {
        waitFor("the result '" + words + "'", d -> {
            String error = d.findElement(By.id("desk-error")).getText();
            if (!error.isBlank()) {
                throw new AssertionError("The desk answered with an error: " + error);
            }
            return d.findElement(By.id("desk-result")).getText().contains(words);
        });
    }

    private void awaitError(String words) {
        waitFor(
                "the error '" + words + "'",
                d -> d.findElement(By.id("desk-error"))
                        .getText()
                        .toLowerCase(java.util.Locale.ROOT)
                        .contains(words));
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private WebElement rowButton(String rowSelector, String label) {
        return waitFor("the button " + label, d -> {
            for (WebElement row : d.findElements(By.cssSelector(rowSelector))) {
                for (WebElement button : row.findElements(By.tagName("button"))) {
                    if (button.getText().startsWith(label) && button.isDisplayed() && button.isEnabled()) {
                        return button;
                    }
                }
            }
            return null;
        });
    }

    private WebElement field(String label) {
        return field(label, 0);
    }

    /** The field of the {@code index}-th label (from 0) with this text: two forms ask for "The account's address". */
    private WebElement field(String label, int index) {
        WebElement found = browser.findElements(By.xpath("//label[normalize-space(.)=" + literal(label) + "]"))
                .get(index);
        return browser.findElement(By.id(found.getDomAttribute("for")));
    }

    private WebElement button(String text) {
        return new WebDriverWait(browser, STEP)
                .until(ExpectedConditions.elementToBeClickable(
                        By.xpath("//button[normalize-space(.)=" + literal(text) + "]")));
    }

    private <T> T waitFor(String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(browser, STEP)
                .withMessage("waiting for " + what)
                .until(condition);
    }

    private static String literal(String text) {
        return text.contains("'") ? "\"" + text + "\"" : "'" + text + "'";
    }
}
