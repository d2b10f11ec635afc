package io.pagewise.web;

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
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
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
			.choose(pdf("report.pdf", TestPdfs.letter(12, "Quarterly report", 7)))
			.retrieverTier(CORE)
			.pagesToRead(2)
			.ask("Which page is dark?");

		String partial = page.awaitPartialAnswer();
		assertThat(ANSWER).as("the answer so far").startsWith(partial);
		assertThat(partial).hasSizeLessThan(ANSWER.length());
		assertThat(page.awaitAnswer()).isEqualTo(ANSWER);
		assertThat(page.progressSeen()).anyMatch((text) -> text.startsWith("Uploading report.pdf"))
			.contains("Rendering pages: 12 of 12…")
			.anyMatch((text) -> text.matches("Ranking pages: (\\d+) of \\1 batches…"))
			.contains("Reading page 7, " + page.rankedPages().get(1) + "…");

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
		page.recordProgress().ask("Which page is dark, again?");
		page.awaitAnswer();
		assertThat(page.progressSeen()).noneMatch((text) -> text.startsWith("Uploading"))
			.noneMatch((text) -> text.startsWith("Rendering"));
		assertThat(page.rankedPages()).first().isEqualTo(2);
	}

	@Test
	void aDroppedPdfIsAnsweredAndItsPagesCanBeOpenedAndClosedByKeyboardWithAVisibleFocus() {
		PagewisePage page = PagewisePage.open(browser.driver(), this.port)
			.drop("dropped.pdf", TestPdfs.letter(4, "Dropped", 4))
			.ask("Which page is dark?");
		page.awaitAnswer();
		assertThat(page.unlabelledControls()).isEmpty();

		int focused = page.tabToThumbnail();
		assertThat(focused).isEqualTo(4);
		assertThat(page.focusOutline()).isEqualTo("solid 3px");
		page.press(Keys.ENTER);
		page.awaitViewer();
		assertThat(page.viewerTitle()).isEqualTo("Page 4");
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

		upstream.minAnswerTokens(5000);
		page.choose(pdf("real.pdf", TestPdfs.letter(2, "Truncated", 1))).ask("Anything?");
		assertThat(page.awaitError()).startsWith("Answer truncated: The chat model Qwen/Qwen3.6-27B spent its whole")
			.endsWith("(answer-truncated)");
		assertThat(page.rankedPages()).as("the ranking came before the failure").first().isEqualTo(1);
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
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(chats("cancelled")).isEqualTo(cancelled + 1));
		assertThat(chats("success")).isEqualTo(succeeded);
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
