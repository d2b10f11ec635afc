package io.pagewise.web;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The web page as a user sees it: what they can do on it and what they can read from it. */
final class PagewisePage {

	private final WebDriver driver;

	private final WebDriverWait wait;

	private PagewisePage(WebDriver driver) {
		this.driver = driver;
		this.wait = new WebDriverWait(driver, Duration.ofSeconds(60), Duration.ofMillis(50));
	}

	/** Opens the page afresh: an API key an earlier test typed (kept for the session) is forgotten. */
	static PagewisePage open(WebDriver driver, int port) {
		driver.get("http://localhost:" + port + "/");
		((JavascriptExecutor) driver).executeScript("sessionStorage.clear();");
		driver.navigate().refresh();
		return new PagewisePage(driver);
	}

	/** Starts recording every text the progress line shows, to read with {@link #progressSeen()}. */
	PagewisePage recordProgress() {
		// Every text assigned to the progress line becomes a new text node: record each one, not just the last.
		script("window.progressSeen = [];"
				+ "new MutationObserver((records) => records.forEach((record) => record.addedNodes.forEach("
				+ "(node) => window.progressSeen.push(node.textContent))))"
				+ ".observe(document.getElementById('progress'), {childList: true});");
		return this;
	}

	@SuppressWarnings("unchecked")
	List<String> progressSeen() {
		return (List<String>) script("return window.progressSeen;");
	}

	PagewisePage choose(Path pdf) {
		this.driver.findElement(By.id("file")).sendKeys(pdf.toAbsolutePath().toString());
		return this;
	}

	/** Drops a file on the drop box, as a file manager would. */
	PagewisePage drop(String name, byte[] pdf) {
		script("const bytes = Uint8Array.from(atob(arguments[0]), (c) => c.charCodeAt(0));"
				+ "const transfer = new DataTransfer();"
				+ "transfer.items.add(new File([bytes], arguments[1], {type: 'application/pdf'}));"
				+ "document.getElementById('drop').dispatchEvent("
				+ "new DragEvent('drop', {dataTransfer: transfer, bubbles: true, cancelable: true}));",
				Base64.getEncoder().encodeToString(pdf), name);
		return this;
	}

	PagewisePage apiKey(String key) {
		this.driver.findElement(By.cssSelector("#key-details summary")).click();
		this.driver.findElement(By.id("api-key")).sendKeys(key);
		return this;
	}

	PagewisePage retrieverTier(String model) {
		new Select(this.driver.findElement(By.id("model"))).selectByValue(model);
		return this;
	}

	PagewisePage pagesToRead(int pages) {
		new Select(this.driver.findElement(By.id("top-pages"))).selectByVisibleText(Integer.toString(pages));
		return this;
	}

	PagewisePage ask(String question) {
		WebElement field = this.driver.findElement(By.id("question"));
		field.clear();
		field.sendKeys(question);
		this.driver.findElement(By.id("ask-button")).click();
		return this;
	}

	/** Stops the answer under way. */
	PagewisePage stop() {
		this.driver.findElement(By.id("stop-button")).click();
		return this;
	}

	/** What the progress line says. */
	String progress() {
		return this.driver.findElement(By.id("progress")).getText();
	}

	/** Waits until some answer text has arrived while the answer is still streaming; returns that text. */
	String awaitPartialAnswer() {
		return this.wait.until((driver) -> {
			WebElement answer = driver.findElement(By.id("answer"));
			return (!answer.getText().isBlank() && "true".equals(answer.getDomAttribute("aria-busy")))
					? answer.getText() : null;
		});
	}

	/** Waits until the answer is complete (the page says how long it took); returns it. */
	String awaitAnswer() {
		this.wait.until((driver) -> driver.findElement(By.id("progress")).getText().startsWith("Answered"));
		return this.driver.findElement(By.id("answer")).getText();
	}

	/** Waits until the page shows an error; returns its text. */
	String awaitError() {
		WebElement error = this.driver.findElement(By.id("error"));
		this.wait.until((driver) -> error.isDisplayed());
		return error.getText();
	}

	/** The ranking strip's pages, left to right. */
	List<Integer> rankedPages() {
		return thumbnails().stream().map((button) -> Integer.parseInt(button.getDomAttribute("data-page"))).toList();
	}

	/** The captions under the thumbnails, e.g. {@code p. 7 · 4.59}. */
	List<String> captions() {
		return thumbnails().stream().map(WebElement::getText).toList();
	}

	/** Whether the thumbnail of a page shows it cited. */
	boolean cited(int page) {
		return thumbnail(page).getDomProperty("className").contains("cited");
	}

	/** Waits until the first {@code count} thumbnails' images have loaded; returns their sources. */
	List<String> awaitThumbnails(int count) {
		this.wait.until((driver) -> thumbnails().size() >= count && thumbnails().stream()
			.limit(count)
			.allMatch((button) -> loaded(button.findElement(By.tagName("img")))));
		return thumbnails().stream()
			.limit(count)
			.map((button) -> button.findElement(By.tagName("img")).getDomProperty("src"))
			.toList();
	}

	/** Opens a page full size by clicking its thumbnail; returns the viewer's image once it has loaded. */
	WebElement openFullSize(int page) {
		thumbnail(page).click();
		return awaitViewer();
	}

	/** Opens a cited page full size through the citation link under the answer. */
	WebElement openCitation(int page) {
		this.driver.findElement(By.xpath("//p[@id='citations']/a[text()='page " + page + "']")).click();
		return awaitViewer();
	}

	String viewerTitle() {
		return this.driver.findElement(By.id("viewer-title")).getText();
	}

	void closeViewer() {
		this.driver.findElement(By.cssSelector("#viewer .close")).click();
		awaitViewerClosed();
	}

	void awaitViewerClosed() {
		this.wait.until((driver) -> !driver.findElement(By.id("viewer")).isDisplayed());
	}

	/** Presses keys on whatever has the focus. */
	PagewisePage press(CharSequence... keys) {
		new Actions(this.driver).sendKeys(keys).perform();
		return this;
	}

	/** Presses Tab until a ranked page's thumbnail has the focus; returns its page number. */
	int tabToThumbnail() {
		this.driver.findElement(By.id("question")).click();
		for (int i = 0; i < 30; i++) {
			press(Keys.TAB);
			String page = focusedPage();
			if (page != null) {
				return Integer.parseInt(page);
			}
		}
		throw new AssertionError("No thumbnail within 30 presses of Tab");
	}

	/** The outline drawn around the focused element, e.g. {@code solid 3px}. */
	String focusOutline() {
		return (String) script("const style = getComputedStyle(document.activeElement);"
				+ "return style.outlineStyle + ' ' + style.outlineWidth;");
	}

	/** The ids of form controls no label names. */
	@SuppressWarnings("unchecked")
	List<String> unlabelledControls() {
		return (List<String>) script("return [...document.querySelectorAll('input, select, textarea')]"
				+ ".filter((control) => control.labels.length === 0).map((control) => control.id);");
	}

	/** The id of the element that has the keyboard focus. */
	String focusedId() {
		return (String) script("return document.activeElement.id;");
	}

	/** The page number of the thumbnail that has the keyboard focus, if one has. */
	@Nullable String focusedPage() {
		return (String) script("return document.activeElement.dataset.page || null;");
	}

	/** Waits until the page viewer is open with its image loaded; returns the image. */
	WebElement awaitViewer() {
		WebElement image = this.driver.findElement(By.id("viewer-image"));
		this.wait.until((driver) -> driver.findElement(By.id("viewer")).isDisplayed() && loaded(image));
		return image;
	}

	private List<WebElement> thumbnails() {
		return this.driver.findElements(By.cssSelector("#ranking button"));
	}

	private WebElement thumbnail(int page) {
		return this.driver.findElement(By.cssSelector("#ranking button[data-page='" + page + "']"));
	}

	private boolean loaded(WebElement image) {
		return Boolean.TRUE.equals(script("return arguments[0].complete && arguments[0].naturalWidth > 0;", image));
	}

	private Object script(String script, Object... arguments) {
		return ((JavascriptExecutor) this.driver).executeScript(script, arguments);
	}
}
