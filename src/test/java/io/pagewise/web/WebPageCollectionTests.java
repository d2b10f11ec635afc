package io.pagewise.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.pagewise.TestPdfs;
import io.pagewise.upstream.VultrStub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web page's collection mode in headless Chromium against the service and a stub upstream: create a
 * collection, add several PDFs (each with its own progress, a refused one said in plain words), list them, ask
 * across them and see citations that name the document and page. Each test uses a collection of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pagewise.rerank.max-request-bytes=150000", "pagewise.answer.stream-heartbeat=500ms" })
class WebPageCollectionTests {

	static final String ANSWER = "The board minutes show it: their page 3 is the dark one.";

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

	@Test
	void aCollectionIsCreatedByKeyboardFilledWithSeveralPdfsAndListedARefusedFileSaidInPlainWords()
			throws Exception {
		PagewisePage page = PagewisePage.open(browser.driver(), this.port).recordAnnouncements().collectionMode();
		assertThat(page.pickedCollection()).as("no collection until one is picked").isEmpty();
		assertThat(page.unlabelledControls()).isEmpty();

		page.createCollection("reports");
		page.awaitFocus("collection-files");
		assertThat(page.pickedCollection()).as("the new collection is picked").isEqualTo("reports");
		assertThat(page.membersHeading()).isEqualTo("reports has no documents yet: add PDFs above.");

		page.addToCollection(pdf("annual-report.pdf", TestPdfs.letter(3, "Annual report")),
				pdf("fake.pdf", "not a PDF at all".getBytes()),
				pdf("board-minutes.pdf", TestPdfs.letter(4, "Board minutes", 3)));
		assertThat(page.awaitFilesSettled())
			.isEqualTo("Added 2 of 3 files to reports; 1 not added (see why above).");
		assertThat(page.fileStates()).containsExactly("annual-report.pdf | Added: 3 pages",
				"fake.pdf | Refused: Not a PDF: The uploaded file does not start with a PDF header (%PDF-). (not-a-pdf)",
				"board-minutes.pdf | Added: 4 pages");
		assertThat(page.members()).containsExactly("annual-report 3 pages", "board-minutes 4 pages");
		assertThat(page.membersHeading()).isEqualTo("Documents in reports: 2 documents, 7 pages");
		assertThat(page.announced()).as("the outcome is announced in the collection's status line")
			.contains("collection-status")
			.doesNotContain("error");
		assertThat(page.focusedId()).as("focus stays on Add PDFs for more").isEqualTo("collection-files");

		page.addToCollection(pdf("notes.txt", "notes".getBytes()));
		assertThat(page.awaitFilesSettled()).isEqualTo("Added 0 of 1 file to reports; 1 not added (see why above).");
		assertThat(page.fileStates()).as("refused before it is sent")
			.containsExactly("notes.txt | Refused: Not a PDF: notes.txt does not look like a PDF. (not-a-pdf)");
		assertThat(page.members()).hasSize(2);
	}

	@Test
	void anExistingCollectionIsPickedAndAnInvalidNameIsSaidInPlainWordsWithTheFocusOnIt() throws Exception {
		PagewisePage page = PagewisePage.open(browser.driver(), this.port).collectionMode().createCollection("Bad Name");
		assertThat(page.awaitError()).startsWith("Invalid collection name: A collection name is 1 to 64 characters")
			.endsWith("(invalid-collection-name)");
		assertThat(page.focusedId()).isEqualTo("new-collection");

		page.createCollection("minutes").awaitFocus("collection-files");
		page.addToCollection(pdf("minutes-2025.pdf", TestPdfs.letter(2, "Minutes")));
		page.awaitFilesSettled();

		page = PagewisePage.open(browser.driver(), this.port).collectionMode().pickCollection("minutes");
		awaitMembers(page, 1);
		assertThat(page.members()).containsExactly("minutes-2025 2 pages");
		page.createCollection("minutes").awaitFocus("collection-files");
		assertThat(page.pickedCollection()).isEqualTo("minutes");

		page.singleMode();
		assertThat(page.unlabelledControls()).isEmpty();
		page.ask("Anything?");
		assertThat(page.awaitError()).as("one PDF mode still asks for its PDF").isEqualTo("No PDF yet: Choose a PDF first.");
	}

	@Test
	void aQuestionAcrossTheCollectionCitesTheDocumentAndPageAndOpensThatPage() throws Exception {
		upstream.answer(ANSWER).chatStreaming(Duration.ofMillis(500));
		PagewisePage page = PagewisePage.open(browser.driver(), this.port).collectionMode().createCollection("library");
		page.awaitFocus("collection-files");
		page.addToCollection(pdf("annual-report.pdf", TestPdfs.letter(3, "Annual report")),
				pdf("board-minutes.pdf", TestPdfs.letter(4, "Board minutes", 3)));
		assertThat(page.awaitFilesSettled()).isEqualTo("Added 2 of 2 files to library.");

		page.recordProgress().recordAnnouncements().ask("Which page is dark?");
		assertThat(page.awaitAnswer()).isEqualTo(ANSWER);
		assertThat(page.citations()).first().isEqualTo("board-minutes, page 3");
		assertThat(page.thumbnailTitles()).as("each thumbnail names its document").first().isEqualTo("board-minutes");
		assertThat(page.thumbnailTitles()).contains("annual-report");
		assertThat(page.thumbnailLabels()).first().asString()
			.matches("board-minutes, page 3, score \\d+\\.\\d\\d, cited\\. Open full size\\.");
		assertThat(page.progressSeen()).contains("Reading board-minutes page 3…");
		assertThat(page.visibleSteps()).as("every page of both documents is ranked; nothing was uploaded")
			.satisfiesExactly((step) -> assertThat(step).isEqualTo("Pages to rank: 7"),
					(step) -> assertThat(step).isEqualTo("Pages ready: 2 of 2 documents"),
					(step) -> assertThat(step).matches("Ranking pages: (\\d+) of \\1 batches"));
		assertThat(page.announcement()).isEqualTo("Answer: " + ANSWER);
		page.awaitFocus("question");

		WebElement full = page.openCitation("board-minutes, page 3");
		assertThat(page.viewerTitle()).isEqualTo("board-minutes, page 3");
		assertThat(full.getDomAttribute("alt")).isEqualTo("board-minutes, page 3, full size");
		browser.screenshot("pagewise-collection-page");
		page.closeViewer();
		browser.screenshot("pagewise-collection");
	}

	@Test
	void atPhoneWidthACollectionIsFilledAndAskedWithNothingWiderThanThePhone() throws Exception {
		upstream.answer(ANSWER).chatStreaming(Duration.ofMillis(500));
		browser.phone(WebPagePhoneTests.WIDTH, 844);
		try {
			PagewisePage page = PagewisePage.open(browser.driver(), this.port).collectionMode();
			fits(page, "phone-collection-empty");
			page.createCollection("phone-library-with-a-long-name-2026").awaitFocus("collection-files");
			page.addToCollection(
					pdf("a-rather-long-file-name-for-the-annual-report-of-2026-final-v2.pdf",
							TestPdfs.letter(3, "Annual report")),
					pdf("board-minutes.pdf", TestPdfs.letter(4, "Board minutes", 3)),
					pdf("another-rather-long-file-name-that-is-not-a-pdf-at-all.txt", "notes".getBytes()));
			page.awaitFilesSettled();
			fits(page, "phone-collection-added");

			page.ask("Which page is dark?");
			page.awaitAnswer();
			page.awaitAnswerInView();
			assertThat(page.citations()).first().isEqualTo("board-minutes, page 3");
			fits(page, "phone-collection-answer");
			page.openCitation("board-minutes, page 3");
			fits(page, "phone-collection-page");
			page.closeViewer();
		}
		finally {
			browser.desktop();
		}
	}

	private static void awaitMembers(PagewisePage page, int count) {
		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> page.members().size() == count);
	}

	private static void fits(PagewisePage page, String screenshot) {
		browser.screenshot(screenshot);
		assertThat(page.widths().get(0).intValue()).as("document.scrollWidth <= innerWidth")
			.isLessThanOrEqualTo(page.widths().get(1).intValue())
			.isLessThanOrEqualTo(WebPagePhoneTests.WIDTH);
		assertThat(page.widerThan(WebPagePhoneTests.WIDTH)).as(screenshot).isEmpty();
	}

	private Path pdf(String name, byte[] bytes) throws Exception {
		return Files.write(this.files.resolve(name), bytes);
	}

}
