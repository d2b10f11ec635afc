package io.pagewise.web;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
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

	/**
	 * Starts recording every text the progress area shows (the phase line and the step rows), to read with
	 * {@link #progressSeen()}, {@link #phasesSeen()} and {@link #stepSeen(String)}.
	 */
	PagewisePage recordProgress() {
		// Every text assigned becomes a new text node: record each one, not just the last, with where it appeared.
		script("window.progressSeen = [];"
				+ "new MutationObserver((records) => records.forEach((record) => record.addedNodes.forEach("
				+ "(node) => window.progressSeen.push([record.target.id, node.textContent]))))"
				+ ".observe(document.getElementById('work'), {childList: true, subtree: true});");
		return this;
	}

	/** Every text the progress area showed, in order. */
	List<String> progressSeen() {
		return seen(null);
	}

	/** Every text the (announced) phase line showed, in order. */
	List<String> phasesSeen() {
		return seen("progress");
	}

	/** Every text a step row ({@code upload}, {@code render}, {@code rank}) showed, in order. */
	List<String> stepSeen(String step) {
		return seen(step + "-text");
	}

	@SuppressWarnings("unchecked")
	private List<String> seen(@Nullable String id) {
		List<List<String>> seen = (List<List<String>>) script("return window.progressSeen;");
		return seen.stream().filter((entry) -> id == null || id.equals(entry.get(0))).map((entry) -> entry.get(1))
			.toList();
	}

	/** Starts recording every change inside the page's live regions (what a screen reader would announce). */
	PagewisePage recordAnnouncements() {
		script("window.announced = [];"
				+ "const observer = new MutationObserver((records) => records.forEach((record) => "
				+ "window.announced.push((record.target.closest ? record.target : record.target.parentElement)"
				+ ".closest('[aria-live], [role=status], [role=alert]').id)));"
				+ "document.querySelectorAll('[aria-live], [role=status], [role=alert]').forEach((region) => "
				+ "observer.observe(region, {childList: true, subtree: true, characterData: true}));");
		return this;
	}

	/** The ids of the live regions that changed, one entry per change. */
	@SuppressWarnings("unchecked")
	List<String> announced() {
		return (List<String>) script("return window.announced;");
	}

	/** The live regions' ids. */
	@SuppressWarnings("unchecked")
	List<String> liveRegions() {
		return (List<String>) script("return [...document.querySelectorAll('[aria-live], [role=status], [role=alert]')]"
				+ ".filter((region) => region.getAttribute('aria-live') !== 'off').map((region) => region.id);");
	}

	/** What the (visually hidden) announcer says. */
	String announcement() {
		return (String) script("return document.getElementById('announcer').textContent;");
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

	/** Types a key into the API key field, already open. */
	PagewisePage apiKeyTyped(String key) {
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

	/** Types a question and asks with Ctrl+Enter, without touching the Ask button. */
	PagewisePage askWithCtrlEnter(String question) {
		WebElement field = this.driver.findElement(By.id("question"));
		field.clear();
		field.sendKeys(question);
		new Actions(this.driver).keyDown(Keys.CONTROL).sendKeys(Keys.ENTER).keyUp(Keys.CONTROL).perform();
		return this;
	}

	/** What the document line under the file input says. */
	String documentStatus() {
		return this.driver.findElement(By.id("document-status")).getText();
	}

	/** The file input's value (empty when no file is chosen). */
	String chosenFile() {
		return this.driver.findElement(By.id("file")).getDomProperty("value");
	}

	/** The answer's text right now. */
	String answer() {
		return this.driver.findElement(By.id("answer")).getText();
	}

	/** How many thumbnails the strip holds. */
	int thumbnailCount() {
		return thumbnails().size();
	}

	/** The {@code code} shown after the error's plain words. */
	String errorCode() {
		return this.driver.findElement(By.cssSelector("#error .code")).getText();
	}

	/** The line saying where the time went; empty while hidden. */
	String timings() {
		return this.driver.findElement(By.id("timings-text")).getText();
	}

	/** The widths of the render, rank and chat parts of the split bar, in pixels. */
	@SuppressWarnings("unchecked")
	List<Number> timingSplit() {
		return (List<Number>) script("return ['render', 'rank', 'chat'].map((part) => "
				+ "document.querySelector('.split .split-' + part).getBoundingClientRect().width);");
	}

	/** Whether the top of the answer section is inside the window. */
	boolean answerInView() {
		return Boolean.TRUE.equals(script("const top = document.getElementById('answer-section')"
				+ ".getBoundingClientRect().top; return top >= 0 && top < innerHeight;"));
	}

	/** Waits until the answer has scrolled into view. */
	void awaitAnswerInView() {
		this.wait.until((driver) -> answerInView());
	}

	/** Zooms the open page viewer in (or out) with its buttons; returns the zoom it shows. */
	String zoom(boolean in) {
		this.driver.findElement(By.id(in ? "zoom-in" : "zoom-out")).click();
		return this.driver.findElement(By.id("zoom-level")).getText();
	}

	/** The open viewer's image width and its frame's scrollable width, in pixels. */
	@SuppressWarnings("unchecked")
	List<Number> viewerWidths() {
		return (List<Number>) script("return [document.getElementById('viewer-image').getBoundingClientRect().width,"
				+ "document.getElementById('viewer-frame').scrollWidth,"
				+ "document.getElementById('viewer-frame').clientWidth];");
	}

	/** How far the viewer's centre is from the window's centre, in pixels. */
	double viewerOffCentre() {
		return ((Number) script("const box = document.getElementById('viewer').getBoundingClientRect();"
				+ "return Math.abs(box.left + box.width / 2 - document.documentElement.clientWidth / 2);"))
			.doubleValue();
	}

	/** The document's scrollable width and the window's inner width. */
	@SuppressWarnings("unchecked")
	List<Number> widths() {
		return (List<Number>) script("return [document.documentElement.scrollWidth, innerWidth];");
	}

	/**
	 * Every visible element that reaches past the left or right edge of a viewport {@code width} wide, as
	 * {@code tag#id.class right}. Inside a box that scrolls or clips sideways (the thumbnail strip, a zoomed page),
	 * only that box counts.
	 */
	@SuppressWarnings("unchecked")
	List<String> widerThan(int width) {
		return (List<String>) script("""
				const clipped = (element) => {
				  for (let parent = element.parentElement; parent; parent = parent.parentElement) {
				    if (getComputedStyle(parent).overflowX !== 'visible') return parent !== document.body
				        && parent !== document.documentElement;
				  }
				  return false;
				};
				return [...document.querySelectorAll('body *')].filter((element) => {
				  const box = element.getBoundingClientRect();
				  return box.width > 0 && box.height > 0 && !clipped(element)
				      && (box.right > arguments[0] + 0.5 || box.left < -0.5);
				}).map((element) => element.tagName.toLowerCase() + (element.id ? '#' + element.id : '')
				    + (element.className && typeof element.className === 'string' ? '.' + element.className : '')
				    + ' ' + Math.round(element.getBoundingClientRect().left) + '..'
				    + Math.round(element.getBoundingClientRect().right));
				""", width);
	}

	/** Presses Shift+Tab on whatever has the focus. */
	PagewisePage pressShiftTab() {
		new Actions(this.driver).keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
		return this;
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

	/** Waits until the element with this id has the keyboard focus. */
	void awaitFocus(String id) {
		this.wait.until((driver) -> id.equals(focusedId()));
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

	/** Switches to asking across a collection ("A collection"), by keyboard: the mode is a radio group. */
	PagewisePage collectionMode() {
		this.driver.findElement(By.id("mode-single")).sendKeys(Keys.ARROW_RIGHT);
		this.wait.until((driver) -> driver.findElement(By.id("collection-section")).isDisplayed());
		return this;
	}

	/** Back to asking about one PDF. */
	PagewisePage singleMode() {
		this.driver.findElement(By.id("mode-collection")).sendKeys(Keys.ARROW_LEFT);
		this.wait.until((driver) -> driver.findElement(By.id("single-section")).isDisplayed());
		return this;
	}

	/** Types a new collection's name and presses Enter in it. */
	PagewisePage createCollection(String name) {
		WebElement field = this.driver.findElement(By.id("new-collection"));
		field.clear();
		field.sendKeys(name, Keys.ENTER);
		return this;
	}

	/** Waits until the collection picker offers {@code name}. */
	PagewisePage awaitCollectionOffered(String name) {
		this.wait.until((driver) -> collectionOptions().contains(name));
		return this;
	}

	/** Picks an existing collection in the picker. */
	PagewisePage pickCollection(String name) {
		awaitCollectionOffered(name);
		new Select(this.driver.findElement(By.id("collection"))).selectByValue(name);
		return this;
	}

	/** The collections the picker offers, by name. */
	List<String> collectionOptions() {
		return new Select(this.driver.findElement(By.id("collection"))).getOptions()
			.stream()
			.map((option) -> option.getDomAttribute("value"))
			.filter((value) -> value != null && !value.isEmpty())
			.toList();
	}

	/** The picked collection ({@code ""} for none). */
	String pickedCollection() {
		return this.driver.findElement(By.id("collection")).getDomProperty("value");
	}

	/** Chooses several files at once in "Add PDFs". */
	PagewisePage addToCollection(Path... pdfs) {
		WebElement input = this.wait.until((driver) -> {
			WebElement files = driver.findElement(By.id("collection-files"));
			return files.isDisplayed() ? files : null;
		});
		input.sendKeys(String.join("\n", Arrays.stream(pdfs)
			.map((pdf) -> pdf.toAbsolutePath().toString())
			.toList()));
		return this;
	}

	/** Waits until every file chosen has been added or refused; returns the collection's status line. */
	String awaitFilesSettled() {
		return this.wait.until((driver) -> {
			String status = driver.findElement(By.id("collection-status")).getText();
			return status.startsWith("Added ") ? status : null;
		});
	}

	/** Each file row: its name, then what became of it, e.g. {@code a.pdf | Added: 3 pages}. */
	List<String> fileStates() {
		return this.driver.findElements(By.cssSelector("#uploads li"))
			.stream()
			.map((row) -> row.findElement(By.className("upload-name")).getText() + " | "
					+ row.findElement(By.className("upload-state")).getText())
			.toList();
	}

	/** The collection's documents as listed, e.g. {@code Annual report 3 pages}. */
	List<String> members() {
		return this.driver.findElements(By.cssSelector("#members li")).stream().map(WebElement::getText).toList();
	}

	/** The heading over the collection's documents. */
	String membersHeading() {
		return this.driver.findElement(By.id("members-heading")).getText();
	}

	/** The texts of the progress steps on show (a hidden step's row is not). */
	List<String> visibleSteps() {
		return this.driver.findElements(By.cssSelector("#steps li"))
			.stream()
			.filter(WebElement::isDisplayed)
			.map(WebElement::getText)
			.toList();
	}

	/** The citation links under the answer, e.g. {@code second, page 3}. */
	List<String> citations() {
		return this.driver.findElements(By.cssSelector("#citations a")).stream().map(WebElement::getText).toList();
	}

	/** Opens a cited page through the citation link with this text. */
	WebElement openCitation(String text) {
		this.driver.findElement(By.xpath("//p[@id='citations']/a[text()='" + text + "']")).click();
		return awaitViewer();
	}

	/** The thumbnails' accessible names, best first, e.g. {@code second, page 3, score 4.12, cited. Open full size.}. */
	List<String> thumbnailLabels() {
		return thumbnails().stream().map((button) -> button.getDomAttribute("aria-label")).toList();
	}

	/** The document titles shown over the thumbnails, best first. */
	List<String> thumbnailTitles() {
		return this.driver.findElements(By.cssSelector("#ranking button span.doc"))
			.stream()
			.map(WebElement::getText)
			.toList();
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
