package io.pagewise.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pagewise.TestPdfs;
import io.pagewise.upstream.VultrStub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/** The web page in headless Chromium against the service and a stub upstream: pick, ask, read, look. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pagewise.rerank.max-request-bytes=150000", "pagewise.answer.stream-heartbeat=500ms" })
class WebPageTests {

	static final String CORE = "vultr/VultronRetrieverCore-Qwen3.5-4.5B";

	static final String ANSWER = "Page 7 is the dark one: it is filled almost edge to edge with black, while every "
			+ "other page carries only its caption on white.";

	@RegisterExtension
	static final VultrStub upstream = VultrStub.start();

	@RegisterExtension
	static final Browser browser = new Browser();

	@TempDir
	static Path storage;

	@TempDir
	Path files;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("pagewise.storage.dir", () -> storage.toString());
		upstream.connect(registry);
	}

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry meters;

	@Test
	void aPickedPdfIsAnsweredAsItStreamsWithTheCitedPageFirstInTheStripAndOpenFullSize() throws Exception {
		upstream.answer(ANSWER).chatStreaming(Duration.ofSeconds(3));
		PagewisePage page = PagewisePage.open(browser.driver(), this.port)
			.recordProgress()
			.recordAnnouncements()
			.choose(pdf("report.pdf", TestPdfs.letter(12, "Quarterly report", 7)))
			.retrieverTier(CORE)
			.pagesToRead(2)
			.ask("Which page is dark?");

		String partial = page.awaitPartialAnswer();
		assertThat(ANSWER).as("the answer so far").startsWith(partial);
		assertThat(partial).hasSizeLessThan(ANSWER.length());
		assertThat(page.focusedId()).as("Stop takes the place of Ask").isEqualTo("stop-button");
		assertThat(page.awaitAnswer()).isEqualTo(ANSWER);
		assertThat(page.progressSeen()).anyMatch((text) -> text.startsWith("Uploading report.pdf"))
			.contains("Rendering pages: 12 of 12")
			.anyMatch((text) -> text.matches("Ranking pages: (\\d+) of \\1 batches"))
			.contains("Reading page 7, " + page.rankedPages().get(1) + "…");
		assertThat(page.phasesSeen()).as("the announced line changes with the phase, not with every page")
			.doesNotHaveDuplicates()
			.noneMatch((text) -> text.matches(".*\\d+ of \\d+.*"))
			.contains("Rendering and ranking pages…");
		assertThat(counts(page.stepSeen("render"))).as("the render step counts up on its own bar")
			.isSorted()
			.endsWith(12);
		assertThat(counts(page.stepSeen("rank"))).as("the rank step counts up on its own bar").isSorted();
		assertThat(page.timings()).matches(
				"render \\d+\\.\\d s · rank \\d+\\.\\d s · answer \\d+\\.\\d s · total \\d+\\.\\d s.*");
		assertThat(page.timingSplit()).as("render, rank and chat each take part of the bar")
			.allSatisfy((width) -> assertThat(width.doubleValue()).isPositive());
		page.awaitFocus("question"); // ready for the next question
		assertThat(page.liveRegions()).doesNotContain("answer").contains("announcer", "progress", "error");
		assertThat(page.announcement()).isEqualTo("Answer: " + ANSWER);
		assertThat(page.announced()).as("the answer is announced once, whole, not fragment by fragment")
			.containsOnlyOnce("announcer")
			.hasSizeLessThan(15);

		assertThat(page.rankedPages()).hasSize(12).first().isEqualTo(7);
		assertThat(page.captions().getFirst()).matches("p\\. 7 · \\d\\.\\d\\d");
		assertThat(page.cited(7)).isTrue();
		assertThat(page.cited(page.rankedPages().get(1))).as("two pages read").isTrue();
		assertThat(page.cited(page.rankedPages().get(2))).isFalse();
		assertThat(page.awaitThumbnails(3)).allSatisfy((src) -> assertThat(src).contains("/api/v1/documents/"));
		assertThat(upstream.rerankRequests()).allSatisfy((request) -> assertThat(request.getBodyAsString())
			.contains("\"model\":\"" + CORE + "\""));
		browser.screenshot("pagewise");

		WebElement full = page.openFullSize(7);
		assertThat(page.viewerTitle()).isEqualTo("Page 7");
		assertThat(full.getDomAttribute("alt")).isEqualTo("Page 7, full size");
		assertThat(full.getSize().getWidth()).as("shown larger than its thumbnail").isGreaterThan(3 * 110);
		browser.screenshot("pagewise-page");
		page.closeViewer();
		assertThat(page.focusedPage()).as("focus goes back to the thumbnail").isEqualTo("7");

		page.openCitation(7);
		assertThat(page.viewerTitle()).isEqualTo("Page 7");
		page.closeViewer();
	}

	@Test
	void aSecondQuestionAsksAboutTheUploadedDocumentWithoutUploadingItAgain() throws Exception {
		PagewisePage page = PagewisePage.open(browser.driver(), this.port)
			.choose(pdf("again.pdf", TestPdfs.letter(3, "Asked twice", 2)))
			.ask("Which page is dark?");
		page.awaitAnswer();
		page.recordProgress().askWithCtrlEnter("Which page is dark, again?");
		page.awaitAnswer();
		assertThat(page.progressSeen()).as("asked with Ctrl+Enter").isNotEmpty()
			.noneMatch((text) -> text.startsWith("Uploading"))
			.noneMatch((text) -> text.startsWith("Rendering"));
		assertThat(page.visibleSteps()).as("only the steps this question took are shown")
			.singleElement().asString().matches("Ranking pages: (\\d+) of \\1 batches");
		assertThat(page.rankedPages()).first().isEqualTo(2);
		assertThat(page.focusedId()).as("focus stays in the question it was asked from").isEqualTo("question");

		page.choose(pdf("other.pdf", TestPdfs.letter(2, "Another one", 1)));
		assertThat(page.answer()).as("a new file clears the old answer").isEmpty();
		assertThat(page.thumbnailCount()).as("and its pages").isZero();
		assertThat(page.timings()).isEmpty();
		assertThat(page.documentStatus()).startsWith("other.pdf (").endsWith("is ready: ask a question.");
	}

	@Test
	void aDroppedPdfIsAnsweredAndItsPagesCanBeOpenedZoomedAndClosedByKeyboardWithAVisibleFocus() {
		PagewisePage page = PagewisePage.open(browser.driver(), this.port)
			.drop("dropped.pdf", TestPdfs.letter(40, "Dropped", 4))
			.ask("Which page is dark?");
		page.awaitAnswer();
		assertThat(page.unlabelledControls()).isEmpty();

		int focused = page.tabToThumbnail();
		assertThat(focused).isEqualTo(4);
		assertThat(page.focusOutline()).isEqualTo("solid 3px");
		List<Integer> ranked = page.rankedPages();
		page.press(Keys.ARROW_RIGHT);
		assertThat(page.focusedPage()).isEqualTo(ranked.get(1).toString());
		page.press(Keys.END);
		assertThat(page.focusedPage()).isEqualTo(ranked.getLast().toString());
		page.press(Keys.HOME);
		assertThat(page.focusedPage()).isEqualTo("4");
		page.press(Keys.TAB);
		assertThat(page.focusedPage()).as("one Tab gets past all 40 pages").isNull();
		page.pressShiftTab();
		assertThat(page.focusedPage()).as("and Shift+Tab comes back to the strip").isEqualTo("4");

		page.press(Keys.ENTER);
		page.awaitViewer();
		assertThat(page.viewerTitle()).isEqualTo("Page 4");
		double fit = page.viewerWidths().getFirst().doubleValue();
		assertThat(page.zoom(true)).isEqualTo("150%");
		assertThat(page.viewerWidths().getFirst().doubleValue()).isCloseTo(1.5 * fit, within(2.0));
		page.press("+");
		assertThat(page.viewerWidths().getFirst().doubleValue()).isCloseTo(2 * fit, within(2.0));
		browser.screenshot("pagewise-page-zoomed");
		page.press("0");
		assertThat(page.viewerWidths().getFirst().doubleValue()).as("back to fit").isCloseTo(fit, within(2.0));
		page.press(Keys.ESCAPE);
		page.awaitViewerClosed();
		assertThat(page.focusedPage()).isEqualTo("4");
	}

	@Test
	void failuresAreShownAsTheProblemsTitleAndDetailWhetherBeforeOrDuringTheStream() throws Exception {
		PagewisePage page = PagewisePage.open(browser.driver(), this.port)
			.choose(pdf("fake.pdf", "not a PDF at all".getBytes()))
			.ask("Anything?");
		assertThat(page.awaitError())
			.isEqualTo("Not a PDF: The uploaded file does not start with a PDF header (%PDF-). (not-a-pdf)");
		assertThat(page.errorCode()).as("the code comes after the plain words, set apart").isEqualTo("(not-a-pdf)");
		assertThat(page.documentStatus()).as("a refused file is no longer ready")
			.isEqualTo("fake.pdf was refused (Not a PDF): choose another PDF.");
		assertThat(page.chosenFile()).isEmpty();
		assertThat(page.focusedId()).as("focus on what to fix").isEqualTo("file");

		upstream.minAnswerTokens(5000);
		page.choose(pdf("real.pdf", TestPdfs.letter(2, "Truncated", 1))).ask("Anything?");
		assertThat(page.awaitError()).startsWith("Answer truncated: The chat model Qwen/Qwen3.6-27B spent its whole")
			.endsWith("(answer-truncated)");
		assertThat(page.rankedPages()).as("the ranking came before the failure").first().isEqualTo(1);
		page.awaitFocus("ask-button");
	}

	@Test
	void aFileThatIsNotAPdfIsRefusedBeforeItIsSentAndForgotten() throws Exception {
		PagewisePage page = PagewisePage.open(browser.driver(), this.port).choose(pdf("notes.txt", "notes".getBytes()));
		assertThat(page.awaitError()).isEqualTo("Not a PDF: notes.txt does not look like a PDF. (not-a-pdf)");
		assertThat(page.documentStatus()).isEqualTo("notes.txt was refused (Not a PDF): choose another PDF.");
		assertThat(page.chosenFile()).isEmpty();
		assertThat(page.focusedId()).isEqualTo("file");
	}

	@Test
	void thePageHasAFaviconServedToAnyone() throws Exception {
		PagewisePage.open(browser.driver(), this.port);
		HttpResponse<String> icon = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/favicon.svg")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(icon.statusCode()).isEqualTo(200);
		assertThat(icon.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("image/svg+xml"));
		assertThat(icon.body()).startsWith("<svg");
		assertThat(browser.driver().findElement(By.cssSelector("link[rel=icon]")).getDomProperty("href"))
			.isEqualTo("http://localhost:" + this.port + "/favicon.svg");
	}

	@Test
	void stoppingAnAnswerCancelsTheModelsWorkOnTheServer() throws Exception {
		upstream.answer(ANSWER).chatStreaming(Duration.ofSeconds(60));
		long cancelled = chats("cancelled");
		long succeeded = chats("success");
		PagewisePage page = PagewisePage.open(browser.driver(), this.port)
			.choose(pdf("stop.pdf", TestPdfs.letter(3, "Stopped", 2)))
			.ask("Which page is dark?");
		page.awaitPartialAnswer();
		page.stop();
		assertThat(page.progress()).isEqualTo("Stopped.");
		page.awaitFocus("ask-button");
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(chats("cancelled")).isEqualTo(cancelled + 1));
		assertThat(chats("success")).isEqualTo(succeeded);
	}

	/** The numbers a step row counted, e.g. 3 from {@code Rendering pages: 3 of 12}. */
	private static List<Integer> counts(List<String> texts) {
		return texts.stream().map((text) -> Integer.parseInt(text.replaceAll("^\\D*(\\d+).*$", "$1"))).toList();
	}

	/** How many chat calls ended with this outcome. */
	private long chats(String outcome) {
		Timer timer = this.meters.find("pagewise.chat").tag("outcome", outcome).timer();
		return (timer != null) ? timer.count() : 0;
	}

	private Path pdf(String name, byte[] bytes) throws Exception {
		return Files.write(this.files.resolve(name), bytes);
	}

}
