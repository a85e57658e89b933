package dev.accounts.pages;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import com.icegreen.greenmail.util.GreenMailUtil;

import dev.accounts.support.Accounts;
import dev.accounts.support.Db;
import dev.accounts.support.GreenMailResource;
import dev.accounts.support.InjectSmtp;
import dev.accounts.support.Mailbox;
import dev.accounts.support.Tags;
import dev.accounts.support.TestData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;

/**
 * The mail links followed in a real browser: Debian's headless Chromium, driven by chromedriver through
 * Selenium. Skipped, with a message, where the two are not installed. Every page state is captured at a
 * desktop and a phone size under target/screenshots/ for review.
 */
@QuarkusTest
@WithTestResource(GreenMailResource.class)
@Tag(Tags.BROWSER)
class PagesBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final String HOW_TO_RUN =
            "install chromium and chromium-driver (apt-get install chromium chromium-driver) to run the browser tests";
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /** The mails' links point at accounts.public-base-url; the test instance listens on a free port. */
    private static final String MAILED_BASE = "http://localhost:8080/";
    private static final String NEW_PASSWORD = "amber-Lantern-882-fjord";

    private static ChromeDriver browser;
    private static Path profile;

    @TestHTTPResource("/")
    URI base;

    @Inject
    DataSource dataSource;

    @InjectSmtp
    GreenMailResource.Smtp smtp;

    @BeforeAll
    static void startBrowser() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER), HOW_TO_RUN);
        // Both paths given, so Selenium Manager has nothing to look for and never downloads a driver or browser.
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        profile = Files.createTempDirectory("accounts-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,800", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void activatingFromTheMailedLink() {
        String email = TestData.uniqueEmail();
        Accounts.register(email, TestData.GOOD_PASSWORD);
        String link = linkIn(Mailbox.await(smtp, email, "Activate your account", 1).get(0), "activate?token=");

        browser.get(link);
        assertEquals("Activate your account", heading());
        screenshot("activate");
        // Still pending: the same 401 as any failed login (an activated account would log in).
        assertEquals(401, Accounts.login(email, TestData.GOOD_PASSWORD).statusCode(), "opening the link activated");

        // Activation sets the password: the page asks for it (here the one registered with).
        submitPasswords(TestData.GOOD_PASSWORD, TestData.GOOD_PASSWORD);
        assertEquals("Your account is active", heading());
        screenshot("activated");
        assertEquals(200, Accounts.login(email, TestData.GOOD_PASSWORD).statusCode());

        // The same link again: used, so the page offers a new mail.
        browser.get(link);
        submitPasswords(TestData.GOOD_PASSWORD, TestData.GOOD_PASSWORD);
        assertEquals("This activation link does not work", heading());
        screenshot("activation-link-invalid");
        browser.findElement(By.id("email")).sendKeys(email);
        submit();
        assertEquals("Check your mail", heading());
        screenshot("activation-mail-sent");
    }

    @Test
    void resettingThePasswordFromTheMailedLink() {
        String email = TestData.uniqueEmail();
        Accounts.active(new Db(dataSource), email, TestData.GOOD_PASSWORD);
        given().contentType(ContentType.JSON).body(Map.of("email", email)).when().post("/api/v1/password-resets")
                .then().statusCode(202);
        String link = linkIn(Mailbox.await(smtp, email, "Reset your password", 1).get(0), "reset-password?token=");

        browser.get(link);
        assertEquals("Choose a new password", heading());
        assertTrue(browser.findElement(By.id("password-rules")).getText().contains("be 15 to 256 characters long"));
        screenshot("reset-password");

        // Refused by the rules: the message sits by the field, the form still holds the token.
        submitPasswords("1qaz2wsx3edc4rfv", "1qaz2wsx3edc4rfv");
        assertEquals("Choose a new password", heading());
        assertTrue(browser.findElement(By.id("password-error")).getText().contains("too common"));
        assertEquals("true", browser.findElement(By.id("password")).getDomAttribute("aria-invalid"));
        screenshot("reset-password-refused");
        submitPasswords(NEW_PASSWORD, NEW_PASSWORD + "!");
        assertTrue(browser.findElement(By.id("confirmation-error")).getText().contains("not the same"));
        screenshot("reset-password-mismatch");

        submitPasswords(NEW_PASSWORD, NEW_PASSWORD);
        assertEquals("Your password has been changed", heading());
        screenshot("password-changed");
        assertEquals(200, Accounts.login(email, NEW_PASSWORD).statusCode());
        assertEquals(401, Accounts.login(email, TestData.GOOD_PASSWORD).statusCode());

        browser.get(link);
        submitPasswords(NEW_PASSWORD + "-again", NEW_PASSWORD + "-again");
        assertEquals("This password reset link does not work", heading());
        screenshot("reset-link-invalid");
        browser.findElement(By.id("email")).sendKeys(email);
        submit();
        assertEquals("Check your mail", heading());
        screenshot("reset-mail-sent");
        assertEquals(200, Accounts.login(email, NEW_PASSWORD).statusCode());
    }

    @Test
    void aFormWhoseCsrfCookieIsGoneIsRefused() {
        browser.get(base.resolve("reset-password?token=not-a-real-token").toString());
        browser.manage().deleteAllCookies();
        submitPasswords(NEW_PASSWORD, NEW_PASSWORD);
        assertEquals("This form has expired", heading());
        screenshot("form-expired");
    }

    private void submitPasswords(String password, String confirmation) {
        WebElement field = browser.findElement(By.id("password"));
        field.clear();
        field.sendKeys(password);
        WebElement repeat = browser.findElement(By.id("confirmation"));
        repeat.clear();
        repeat.sendKeys(confirmation);
        submit();
    }

    /**
     * Clicks the form's submit button and waits until the browser shows the page the server answered
     * with: a click returns before a form's navigation has always begun, and reading the heading at
     * once could read the old page's (or find its elements gone). The old page is told apart by a mark
     * left on its window object, which the next document does not have.
     */
    private static void submit() {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript("window.accountsTestOldPage = true");
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!onNewLoadedPage(js)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no new page within 15 s of submitting the form");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for the next page", e);
            }
        }
    }

    private static boolean onNewLoadedPage(JavascriptExecutor js) {
        try {
            return Boolean.TRUE.equals(js.executeScript(
                    "return window.accountsTestOldPage === undefined && document.readyState === 'complete'"));
        } catch (WebDriverException navigating) {
            // The document went away while the script ran: the navigation is under way.
            return false;
        }
    }

    private static String heading() {
        return browser.findElement(By.tagName("h1")).getText();
    }

    /** The mail's link, as the mail has it, moved to the port this test instance listens on. */
    private String linkIn(MimeMessage mail, String pathAndQuery) {
        String body = GreenMailUtil.getBody(mail).replace("=\r\n", "").replace("=3D", "=");
        assertTrue(body.contains(MAILED_BASE + pathAndQuery), "the mail links to the page");
        String token = Mailbox.tokenIn(mail);
        return base.resolve(pathAndQuery + URLEncoder.encode(token, StandardCharsets.UTF_8)).toString();
    }

    /** The whole page at a desktop and a phone size, through Chrome's own device emulation. */
    private static void screenshot(String state) {
        shoot(state + "-desktop", 1280, 800, false);
        shoot(state + "-phone", 390, 844, true);
        browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    @SuppressWarnings("unchecked")
    private static void shoot(String name, int width, int height, boolean mobile) {
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
        Map<String, Object> metrics = browser.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        Map<String, Object> content = (Map<String, Object>) metrics.get("cssContentSize");
        double pageHeight = Math.max(height, ((Number) content.get("height")).doubleValue());
        Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", width, "height", pageHeight, "scale", 1)));
        try {
            Files.write(SCREENSHOTS.resolve(name + ".png"), Base64.getDecoder().decode((String) shot.get("data")));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
