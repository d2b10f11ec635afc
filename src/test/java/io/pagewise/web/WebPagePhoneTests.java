package io.pagewise.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.pagewise.TestPdfs;
import io.pagewise.upstream.VultrStub;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The web page on a phone 390 CSS pixels wide: nothing reaches past the screen's edges, whatever it shows. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "pagewise.rerank.max-request-bytes=150000")
class WebPagePhoneTests {

	static final int WIDTH = 390;

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

	@BeforeEach
	void phone() {
		browser.phone(WIDTH, 844);
	}

	@Test
	void fromTheEmptyPageToAZoomedPageNothingIsWiderThanThePhone() throws Exception {
		upstream.answer("Page 7 is the dark one.").chatStreaming(Duration.ofMillis(500));
		PagewisePage page = PagewisePage.open(browser.driver(), this.port);
		fits(page, "phone-empty");

		page.choose(pdf("a-rather-long-file-name-for-the-quarterly-report-of-2026-final-v2.pdf",
				TestPdfs.letter(12, "Quarterly report", 7)));
		fits(page, "phone-chosen");
		page.pagesToRead(2).ask("Which page is dark?");
		page.awaitAnswer();
		page.awaitAnswerInView();
		fits(page, "phone-answer");

		page.openFullSize(7);
		assertThat(page.viewerOffCentre()).as("the page viewer is centred").isLessThan(2);
		fits(page, "phone-page");
		assertThat(page.zoom(true)).isEqualTo("150%");
		assertThat(page.viewerWidths().get(1).doubleValue()).as("zoomed wider than the screen, it scrolls inside")
			.isGreaterThan(page.viewerWidths().get(2).doubleValue());
		assertThat(page.viewerOffCentre()).isLessThan(2);
		fits(page, "phone-page-zoomed");
		page.closeViewer();
	}

	@Test
	void anErrorFitsTooAndIsScrolledIntoView() throws Exception {
		upstream.minAnswerTokens(5000);
		PagewisePage page = PagewisePage.open(browser.driver(), this.port)
			.choose(pdf("cut-short.pdf", TestPdfs.letter(2, "Truncated", 1)))
			.ask("Anything?");
		assertThat(page.awaitError()).endsWith("(answer-truncated)");
		page.awaitAnswerInView();
		fits(page, "phone-error");
	}

	private void fits(PagewisePage page, String screenshot) {
		browser.screenshot(screenshot);
		assertThat(page.widths().get(0).intValue()).as("document.scrollWidth <= innerWidth")
			.isLessThanOrEqualTo(page.widths().get(1).intValue())
			.isLessThanOrEqualTo(WIDTH);
		assertThat(page.widerThan(WIDTH)).as(screenshot).isEmpty();
	}

	private Path pdf(String name, byte[] bytes) throws Exception {
		return Files.write(this.files.resolve(name), bytes);
	}

}
