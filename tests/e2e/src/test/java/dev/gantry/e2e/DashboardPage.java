package dev.gantry.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in Debian's headless Chromium, driven through Debian's chromedriver: the page as a test sees it
 * (log in, read the instance boxes, toggle a flag) and its screenshots. Both binaries are named, so Selenium
 * Manager never runs and nothing is downloaded.
 */
final class DashboardPage implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** A record of every box change the page makes, kept by the page itself with its own clock (epoch ms). */
    private static final String RECORD_BOXES = """
            const apps = document.getElementById('apps');
            const snap = () => [...apps.querySelectorAll('.box')].map(b =>
                ({id: b.id.slice('instance-'.length), app: b.dataset.app, release: Number(b.dataset.release),
                  state: b.dataset.state}));
            window.boxLog = [{at: Date.now(), boxes: snap()}];
            if (window.boxObserver) window.boxObserver.disconnect();
            window.boxObserver = new MutationObserver(() => window.boxLog.push({at: Date.now(), boxes: snap()}));
            window.boxObserver.observe(apps, {subtree: true, childList: true, attributes: true,
                attributeFilter: ['data-state', 'data-release']});
            """;

    private final ChromeDriver driver;
    private final String base;
    private final Path screenshots;
    /** Numbers the screenshots of every page of the run, in the order they were taken. */
    private static final AtomicInteger SHOTS = new AtomicInteger();

    private DashboardPage(ChromeDriver driver, String base, Path screenshots) {
        this.driver = driver;
        this.base = base;
        this.screenshots = screenshots;
    }

    /** Whether Debian's chromium and chromedriver are installed (apt-get install chromium chromium-driver). */
    static boolean browserInstalled() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** A fresh browser (its profile in {@code profile}) with a 1400x1000 window, on the page at {@code base}. */
    static DashboardPage open(String base, Path profile, Path screenshots) throws IOException {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toString())
                .addArguments(
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--window-size=1400,1000",
                        "--user-data-dir=" + Files.createDirectories(profile));
        DashboardPage page =
                new DashboardPage(new ChromeDriver(service, options), base, Files.createDirectories(screenshots));
        page.driver.get(base + "/");
        return page;
    }

    /** Logs in through the form and waits for the dashboard (or the refusal message, returned). */
    String login(String token) {
        waitUntil(d -> visible("login-token"));
        byTestId("login-token").clear();
        byTestId("login-token").sendKeys(token);
        byTestId("login-submit").click();
        return waitUntil(d ->
                visible("who-name") ? "" : emptyToNull(byTestId("login-error").getText()));
    }

    void logout() {
        byTestId("logout").click();
        waitUntil(d -> visible("login-token"));
    }

    String who() {
        return byTestId("who-name").getText() + " " + byTestId("who-role").getText();
    }

    /** Every instance box on the page: id to its state (READY is green, anything else red). */
    @SuppressWarnings("unchecked")
    Map<String, String> boxes(String app) {
        return (Map<String, String>) driver.executeScript(
                "const m = {}; document.querySelectorAll('#boxes-' + arguments[0] + ' .box')"
                        + ".forEach(b => m[b.id.slice('instance-'.length)] = b.dataset.state); return m;",
                app);
    }

    /** Whether the box is drawn green (checked on its computed colour, not only its class). */
    boolean green(String instance) {
        String colour = byTestId("instance-" + instance).getCssValue("background-color");
        return colour.equals("rgba(47, 158, 68, 1)");
    }

    /** Starts the page's own record of box changes (see {@link #boxLog()}). */
    void recordBoxes() {
        driver.executeScript(RECORD_BOXES);
    }

    record Box(String id, String app, int release, String state) {}

    record BoxChange(long at, List<Box> boxes) {}

    /** Every state of the boxes since {@link #recordBoxes()}, each with when the page drew it (epoch ms). */
    @SuppressWarnings("unchecked")
    List<BoxChange> boxLog() {
        List<Map<String, Object>> log = (List<Map<String, Object>>) driver.executeScript("return window.boxLog;");
        return log.stream()
                .map(e -> new BoxChange(
                        ((Number) e.get("at")).longValue(),
                        ((List<Map<String, Object>>) e.get("boxes"))
                                .stream()
                                        .map(b -> new Box(
                                                (String) b.get("id"),
                                                (String) b.get("app"),
                                                ((Number) b.get("release")).intValue(),
                                                (String) b.get("state")))
                                        .toList()))
                .toList();
    }

    /** Clicks an instance's box and waits for its five charts below the apps. */
    void openInstanceCharts(String instance) {
        byTestId("instance-" + instance).click();
        waitUntil(d -> visible("detail") && byTestId("detail-id").getText().equals(instance));
        waitUntil(d -> driver.findElements(By.cssSelector("#detail-charts .uplot canvas"))
                        .size()
                == 5);
    }

    void closeInstanceCharts() {
        byTestId("detail-close").click();
        waitUntil(d -> !visible("detail"));
    }

    /** The lines of an app's deploy history as the page lists them (newest first). */
    @SuppressWarnings("unchecked")
    List<String> history(String app) {
        return (List<String>) driver.executeScript(
                "return [...document.querySelectorAll('#history-' + arguments[0] + ' li')].map(l => l.textContent);",
                app);
    }

    String flagState(String key) {
        return byTestId("flag-state-" + key).getText();
    }

    boolean toggleEnabled(String key) {
        return byTestId("flag-toggle-" + key).isEnabled();
    }

    /** Clicks the flag's toggle, gives the reason in the form it opens, confirms, and waits for the new state. */
    void toggleFlag(String key, String reason) {
        String before = flagState(key);
        byTestId("flag-toggle-" + key).click();
        waitUntil(d -> visible("flag-reason"));
        byTestId("flag-reason").sendKeys(reason);
        byTestId("flag-confirm").click();
        waitUntil(d -> !flagState(key).equals(before));
    }

    boolean visible(String testId) {
        List<WebElement> found = driver.findElements(By.cssSelector("[data-testid='" + testId + "']"));
        return !found.isEmpty() && found.getFirst().isDisplayed();
    }

    /** Saves what the window shows as target/screenshots/NN-name.png. */
    Path screenshot(String name) throws IOException {
        Path to = screenshots.resolve(String.format("%02d-%s.png", SHOTS.incrementAndGet(), name));
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), to, StandardCopyOption.REPLACE_EXISTING);
        return to;
    }

    /** Waits, at most 30 s (polling every 20 ms), for a condition of the page to hold (a non-null, non-false value) and returns it. */
    <T> T waitUntil(ExpectedCondition<T> condition) {
        return waitUntil(WAIT, condition);
    }

    <T> T waitUntil(Duration atMost, ExpectedCondition<T> condition) {
        return new WebDriverWait(driver, atMost, Duration.ofMillis(20))
                .ignoring(StaleElementReferenceException.class) // an element redrawn between finding and reading it
                .until(condition);
    }

    String base() {
        return base;
    }

    private WebElement byTestId(String testId) {
        return driver.findElement(By.cssSelector("[data-testid='" + testId + "']"));
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
