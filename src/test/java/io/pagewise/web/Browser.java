package io.pagewise.web;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.springframework.util.FileSystemUtils;

/**
 * Debian's headless Chromium, driven by its own chromedriver, one per test class. Selenium is given both binaries,
 * so it never runs Selenium Manager or downloads anything. Without Chromium (see {@code .ci/run}) the tests are
 * skipped, saying why. Register it with {@code @RegisterExtension static final Browser browser = new Browser();}.
 */
final class Browser implements ExecutionCondition, BeforeAllCallback, AfterAllCallback {

	static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private @Nullable ChromeDriverService service;

	private @Nullable ChromeDriver driver;

	private @Nullable Path profile;

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		return (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
				? ConditionEvaluationResult.enabled("Chromium and chromedriver are installed")
				: ConditionEvaluationResult.disabled("No " + CHROMIUM + " or " + CHROMEDRIVER
						+ ": install Debian's chromium and chromium-driver (.ci/run does) to run the browser tests");
	}

	@Override
	public void beforeAll(ExtensionContext context) throws IOException {
		this.profile = Files.createTempDirectory("pagewise-chromium-");
		this.service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.withLogOutput(OutputStream.nullOutputStream())
			.build();
		ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
			.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
					"--disable-component-update", "--disable-dev-shm-usage", "--window-size=1280,1400",
					"--user-data-dir=" + this.profile);
		this.driver = new ChromeDriver(this.service, options);
	}

	WebDriver driver() {
		if (this.driver == null) {
			throw new IllegalStateException("The browser has not started");
		}
		return this.driver;
	}

	/**
	 * Makes the page a phone's: a viewport {@code width} CSS pixels wide (390: an iPhone 12 to 15), touch-sized
	 * with overlay scroll bars, until {@link #desktop()}.
	 */
	void phone(int width, int height) {
		((ChromeDriver) driver()).executeCdpCommand("Emulation.setDeviceMetricsOverride",
				Map.of("width", width, "height", height, "deviceScaleFactor", 2, "mobile", true));
	}

	/** Back to the desktop window this browser started with. */
	void desktop() {
		((ChromeDriver) driver()).executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
	}

	/** Saves what the browser shows as a PNG under {@code target/screenshots/}; returns the file. */
	Path screenshot(String name) {
		try {
			Path file = Path.of("target", "screenshots", name + ".png");
			Files.createDirectories(file.getParent());
			Files.write(file, ((TakesScreenshot) driver()).getScreenshotAs(OutputType.BYTES));
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void afterAll(ExtensionContext context) throws IOException {
		if (this.driver != null) {
			this.driver.quit();
		}
		if (this.service != null) {
			this.service.stop();
		}
		if (this.profile != null) {
			FileSystemUtils.deleteRecursively(this.profile);
		}
	}

}
