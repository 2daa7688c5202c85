package ai.kaptura.adapter.http;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium and ChromeDriver, headless, with a profile of its own that is removed on close; no driver is
 * downloaded. Fails with the install command when either is missing.
 */
final class HeadlessChromium implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    final ChromeDriver browser;
    private final Path profile;

    private HeadlessChromium(ChromeDriver browser, Path profile) {
        this.browser = browser;
        this.profile = profile;
    }

    static HeadlessChromium start() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("The browser tests need Debian's Chromium and its driver: "
                    + "apt-get install -y chromium chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER + ")");
        }
        Path profile = Files.createTempDirectory("kaptura-chromium-");
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
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        return new HeadlessChromium(new ChromeDriver(service, options), profile);
    }

    /** Opens {@code path} of the test server. */
    void open(Server server, String path) {
        browser.get("http://127.0.0.1:" + server.adapter.port() + path);
    }

    /** Signs the browser in as {@code session}: its session and CSRF cookies on the test server's site. */
    void signIn(Server server, Server.Session session) {
        open(server, "/health/live");
        browser.manage().addCookie(new Cookie(Cookies.SESSION, session.token(), "/"));
        browser.manage().addCookie(new Cookie(Cookies.CSRF, session.csrf(), "/"));
    }

    /** Waits up to ten seconds, long enough for any page's script on this machine. */
    WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(10));
    }

    /** Closes the browser and the servers a browser test started, those that did start, in this order. */
    static void closeAll(AutoCloseable... started) throws IOException {
        for (AutoCloseable each : started) {
            if (each == null) {
                continue;
            }
            try {
                each.close();
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            browser.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
