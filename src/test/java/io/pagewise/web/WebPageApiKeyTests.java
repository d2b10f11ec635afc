package io.pagewise.web;

import java.nio.file.Files;
import java.nio.file.Path;

import io.pagewise.TestPdfs;
import io.pagewise.upstream.VultrStub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The web page in headless Chromium when the API requires client keys: the page itself stays open. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "pagewise.security.api-keys=browser-key-1,browser-key-2")
class WebPageApiKeyTests {

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
	void withoutAKeyTheProblemsTitleAndDetailAreShownAndTheKeyFieldIsOffered() throws Exception {
		PagewisePage page = PagewisePage.open(browser.driver(), this.port)
			.choose(pdf(TestPdfs.letter(2, "no key", 1)))
			.ask("Which page is dark?");
		assertThat(page.awaitError())
			.isEqualTo("Unauthorized: Send a valid API key as X-API-Key or Authorization: Bearer. (unauthorized)");
		assertThat(page.focusedId()).isEqualTo("api-key");
		assertThat(upstream.rerankRequests()).isEmpty();
	}

	@Test
	void withAKeyEverythingWorksPageImagesIncluded() throws Exception {
		PagewisePage page = PagewisePage.open(browser.driver(), this.port)
			.apiKey("browser-key-2")
			.choose(pdf(TestPdfs.letter(4, "with key", 3)))
			.ask("Which page is dark?");
		assertThat(page.awaitAnswer()).isNotBlank();
		assertThat(page.rankedPages()).first().isEqualTo(3);
		assertThat(page.awaitThumbnails(4)).as("fetched with the key, shown as blobs")
			.allSatisfy((src) -> assertThat(src).startsWith("blob:"));
		page.openCitation(3);
		assertThat(page.viewerTitle()).isEqualTo("Page 3");
		page.closeViewer();
	}

	@Test
	void collectionsNeedTheKeyTooAndWithItTheirPagesAreShown() throws Exception {
		PagewisePage page = PagewisePage.open(browser.driver(), this.port).collectionMode();
		assertThat(page.awaitError()).as("listing the collections asked for the key")
			.isEqualTo("Unauthorized: Send a valid API key as X-API-Key or Authorization: Bearer. (unauthorized)");
		assertThat(page.focusedId()).isEqualTo("api-key");

		page.apiKeyTyped("browser-key-1").createCollection("keyed").awaitFocus("collection-files");
		page.addToCollection(pdf(TestPdfs.letter(3, "keyed", 2)));
		assertThat(page.awaitFilesSettled()).isEqualTo("Added 1 of 1 file to keyed.");
		page.ask("Which page is dark?");
		assertThat(page.awaitAnswer()).isNotBlank();
		assertThat(page.citations()).containsExactly("document, page 2");
		assertThat(page.awaitThumbnails(3)).allSatisfy((src) -> assertThat(src).startsWith("blob:"));
	}

	private Path pdf(byte[] bytes) throws Exception {
		return Files.write(this.files.resolve("document.pdf"), bytes);
	}

}
