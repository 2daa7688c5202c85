package ai.kaptura.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Photo-quality advice in a real browser against the whole product, OpenCV included (R51): a person uploads a good
 * photo with two faces, a blurred portrait and a mirrored one; once the advice jobs have run after the uploads, the
 * draft (which asks again while photos are being checked) says "more than one face" and "blurry" of the right
 * photos, the checkout page sums it up, and checkout is not blocked by it (the consent form is there).
 *
 * <p>The photos are made from the public-domain portrait of the ports module's test resources (see its README).
 */
@Tag("R51")
class PhotoAdviceBrowserTest {

    private static final String EMAIL = "eileen.collins@example.org";
    private static final Duration STEP = Duration.ofSeconds(20);
    private static final Pattern ORDER_PAGE = Pattern.compile("/orders/([0-9a-fA-F-]{36})(\\?.*)?$");

    @RegisterExtension
    final AttackTargets targets = new AttackTargets();

    @TempDir
    Path photos;

    private AttackTarget kaptura;
    private URI base;
    private ChromeDriver browser;

    @BeforeEach
    void start() {
        kaptura = targets.start();
        base = kaptura.base;
        browser = targets.closeAfter(HeadlessChromium.start(options -> {})).driver();
    }

    @Test
    void a_photo_with_two_faces_and_a_blurred_photo_get_their_advice_and_checkout_sums_it_up() throws Exception {
        BufferedImage portrait = portrait();
        List<String> paths = new ArrayList<>();
        // Three pictures unlike each other at a glance (the portrait itself would be "the same" as its blurred copy).
        paths.add(write("1-two-faces.jpg", sideBySide(portrait)));
        paths.add(write("2-blurred.jpg", blurred(portrait, 4)));
        paths.add(write("3-mirrored.jpg", mirrored(portrait)));

        browser.get(base.resolve("/sign-in").toString());
        field("Email address").sendKeys(EMAIL);
        button("Email me a code").click();
        WebElement code = waitFor("the code form", d -> {
            WebElement input = field("6-digit code");
            return input.isDisplayed() ? input : null;
        });
        code.sendKeys(AttackTarget.codeIn(kaptura.awaitMail("sign-in-code", EMAIL, 0)));
        button("Sign in").click();
        waitFor("the orders page", d -> URI.create(d.getCurrentUrl()).getPath().equals("/orders"));

        waitFor("the plans", d -> clickableLabel("Starter")).click();
        waitFor("a style", d -> clickableLabel("Studio grey")).click();
        button("Create order").click();
        String url = waitFor(
                "the new order", d -> ORDER_PAGE.matcher(d.getCurrentUrl()).find() ? d.getCurrentUrl() : null);
        Matcher id = ORDER_PAGE.matcher(url);
        assertThat(id.find()).isTrue();
        String order = id.group(1);

        waitFor("the age statement", d -> d.findElement(By.id("age-section")).isDisplayed());
        browser.findElement(By.xpath("//label[starts-with(normalize-space(.), 'I am 18 or older')]//input"))
                .click();
        button("Confirm my age").click();
        waitFor("uploads to open", d -> d.findElement(By.id("files")).isEnabled());
        field("Add selfies").sendKeys(String.join("\n", paths));

        waitFor(
                "the three photos in the draft",
                d -> d.findElements(By.cssSelector("#selfies li")).size() == 3);
        // While the advice is polled, the rows are updated in place: a Remove button a person has focused (or is
        // pressing) stays the same element, focused, through every refresh.
        List<WebElement> shown = browser.findElements(By.cssSelector("#selfies li"));
        WebElement focused = browser.findElement(By.cssSelector("button[aria-label='Remove selfie 3']"));
        ((JavascriptExecutor) browser).executeScript("arguments[0].focus()", focused);
        List<WebElement> nextStep = browser.findElements(By.cssSelector("#next-step > *"));
        // The advice is computed by a job after each upload has been answered: the page asks again while a photo is
        // being checked, so it appears without a reload.
        waitFor(
                "the advice of every photo, without a reload",
                d -> d.findElements(By.cssSelector("#selfies li")).size() == 3
                        && d.findElements(By.cssSelector("#selfies .advice.checking"))
                                .isEmpty()
                        && d.findElement(By.id("advice-summary")).isDisplayed()
                        && d.findElement(By.id("advice-checking")).getText().isEmpty());
        // The draft lists uploads in the order they were stored, which is the order they finished: find each by advice.
        List<WebElement> rows = browser.findElements(By.cssSelector("#selfies li"));
        assertThat(rows)
                .as("the rows shown before the advice arrived, still the same elements")
                .containsExactlyElementsOf(shown);
        assertThat(browser.switchTo().activeElement())
                .as("the focused Remove button, still focused")
                .isEqualTo(focused);
        assertThat(browser.findElements(By.cssSelector("#next-step > *")))
                .as("the next step (a link to checkout or what it waits for), not rebuilt by the poll")
                .isNotEmpty()
                .containsExactlyElementsOf(nextStep);
        List<String> advice = rows.stream()
                .map(r -> r.findElements(By.className("advice")).stream()
                        .map(WebElement::getText)
                        .findFirst()
                        .orElse(""))
                .toList();
        assertThat(advice).as("the advice of each photo").anyMatch(a -> a.contains("more than one face"));
        assertThat(advice).anyMatch(a -> a.contains("blurry"));
        assertThat(advice)
                .as("the mirrored portrait has nothing to say")
                .filteredOn(String::isEmpty)
                .hasSize(1);
        assertThat(advice.stream()
                        .filter(a -> a.contains("more than one face"))
                        .findFirst()
                        .orElseThrow())
                .doesNotContain("blurry");
        assertThat(browser.findElement(By.id("advice-summary")).getText())
                .startsWith("2 of your 3 photos may lower the quality of your headshots.");

        browser.get(base.resolve("/orders/" + order + "/checkout").toString());
        waitFor(
                "the checkout advice",
                d -> d.findElement(By.id("checkout-advice")).isDisplayed());
        assertThat(browser.findElement(By.id("checkout-advice-text")).getText())
                .isEqualTo("2 of your 3 photos may lower the quality of your headshots.");
        assertThat(browser.findElement(By.id("checkout-form")).isDisplayed())
                .as("advice never blocks checkout")
                .isTrue();
        assertThat(browser.findElement(By.id("checkout-submit")).isEnabled()).isTrue();
    }

    // ---- the photos -------------------------------------------------------------------------------

    private static BufferedImage portrait() throws IOException {
        Path root = Path.of("").toAbsolutePath();
        Path file = Path.of("ports/src/test/resources/ai/kaptura/ports/out/fake/astronaut.jpg");
        Path found = Files.exists(root.resolve(file))
                ? root.resolve(file)
                : root.getParent().resolve(file);
        BufferedImage read = ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(found)));
        BufferedImage rgb = new BufferedImage(read.getWidth(), read.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.drawImage(read, 0, 0, null);
        g.dispose();
        return rgb;
    }

    private static BufferedImage sideBySide(BufferedImage one) {
        BufferedImage two = new BufferedImage(one.getWidth() * 2, one.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = two.createGraphics();
        g.drawImage(one, 0, 0, null);
        g.drawImage(one, one.getWidth(), 0, null);
        g.dispose();
        return two;
    }

    private static BufferedImage mirrored(BufferedImage image) {
        BufferedImage mirror = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = mirror.createGraphics();
        g.drawImage(image, image.getWidth(), 0, -image.getWidth(), image.getHeight(), null);
        g.dispose();
        return mirror;
    }

    private static BufferedImage blurred(BufferedImage image, double sigma) {
        int radius = (int) Math.ceil(sigma * 3);
        float[] weights = new float[radius * 2 + 1];
        float sum = 0;
        for (int i = -radius; i <= radius; i++) {
            weights[i + radius] = (float) Math.exp(-(i * i) / (2 * sigma * sigma));
            sum += weights[i + radius];
        }
        for (int i = 0; i < weights.length; i++) {
            weights[i] /= sum;
        }
        BufferedImage wide = new BufferedImage(
                image.getWidth() + 2 * radius, image.getHeight() + 2 * radius, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = wide.createGraphics();
        g.drawImage(image, 0, 0, wide.getWidth(), wide.getHeight(), null);
        g.drawImage(image, radius, radius, null);
        g.dispose();
        BufferedImage across =
                new ConvolveOp(new Kernel(weights.length, 1, weights), ConvolveOp.EDGE_NO_OP, null).filter(wide, null);
        BufferedImage down = new ConvolveOp(new Kernel(1, weights.length, weights), ConvolveOp.EDGE_NO_OP, null)
                .filter(across, null);
        return down.getSubimage(radius, radius, image.getWidth(), image.getHeight());
    }

    private String write(String name, BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", out);
        Path file = photos.resolve(name);
        Files.write(file, out.toByteArray());
        return file.toString();
    }

    // ---- finding things the way a person does -----------------------------------------------------

    private WebElement field(String label) {
        WebElement found = browser.findElement(By.xpath("//label[normalize-space(.)='" + label + "']"));
        return browser.findElement(By.id(found.getDomAttribute("for")));
    }

    private WebElement clickableLabel(String words) {
        List<WebElement> labels =
                browser.findElements(By.xpath("//label[contains(normalize-space(.), '" + words + "')]"));
        return labels.isEmpty() || !labels.get(0).isDisplayed() ? null : labels.get(0);
    }

    private WebElement button(String text) {
        return new WebDriverWait(browser, STEP)
                .until(ExpectedConditions.elementToBeClickable(
                        By.xpath("//button[normalize-space(.)='" + text + "']")));
    }

    private <T> T waitFor(String what, java.util.function.Function<WebDriver, T> condition) {
        return new WebDriverWait(browser, STEP)
                .withMessage("waiting for " + what)
                .until(condition);
    }
}
