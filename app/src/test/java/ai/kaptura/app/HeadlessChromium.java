package ai.kaptura.app;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, on a fresh profile, driven through Debian's chromedriver: how this module's browser
 * tests ({@code BrowserJourneyTest}, {@code SignInPagesBrowserAttackTest}) start a browser. Closing it quits the
 * browser and deletes the profile. Without Chromium or its driver it fails at once, saying what to install.
 */
final class HeadlessChromium implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    static HeadlessChromium start() {
        return start(options -> {});
    }

    /** With {@code more} said to Chromium (a capability, an argument) beyond the headless defaults. */
    static HeadlessChromium start(Consumer<ChromeOptions> more) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("The browser tests need Debian's Chromium and its driver: "
                    + "apt-get install -y chromium chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER + ")");
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("kaptura-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1280,1000",
                "--user-data-dir=" + profile);
        more.accept(options);
        try {
            return new HeadlessChromium(
                    new ChromeDriver(
                            new ChromeDriverService.Builder()
                                    .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                                    .usingAnyFreePort()
                                    .build(),
                            options),
                    profile);
        } catch (RuntimeException e) {
            deleteProfile(profile, e);
            throw e;
        }
    }

    ChromeDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteProfile(profile, null);
        }
    }

    private static void deleteProfile(Path profile, RuntimeException failing) {
        try {
            AttackTargets.deleteTree(profile);
        } catch (IOException e) {
            if (failing == null) {
                throw new UncheckedIOException(e);
            }
            failing.addSuppressed(e);
        }
    }
}
