package io.pagewise.page.text;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pagewise.PagewiseException;
import io.pagewise.document.DocumentId;
import io.pagewise.document.Documents;
import io.pagewise.document.TestDocuments;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class PageTextsTests {

	@TempDir
	private Path dir;

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private Documents documents;

	private PageTexts texts;

	@AfterEach
	void stop() throws InterruptedException {
		if (this.texts != null) {
			this.texts.destroy();
		}
	}

	@Test
	void textsExtractsEveryPageAndStoresItBesideThePages() {
		start();
		DocumentId id = stored("Quarterly revenue grew 12 percent\nin the third quarter of 2024", "",
				"Operating   costs\n\n\nfell");
		DocumentText text = this.texts.texts(id);
		assertThat(text.complete()).isTrue();
		assertThat(text.pages()).extracting(PageText::page).containsExactly(1, 2, 3);
		assertThat(text.pages().get(0).text()).isEqualTo("Quarterly revenue grew 12 percent\nin the third quarter of 2024");
		assertThat(text.pages().get(2).text()).isEqualTo("Operating costs\nfell");
		assertThat(this.documents.derived(id, "text.json")).isPresent();
		assertThat(this.texts.stored(id)).contains(text);
	}

	@Test
	void aPageWithFewerLettersThanTheMinimumIsTextless() {
		start();
		DocumentId id = stored("", "Page 7 of 9", "Enough letters on this page to count as text");
		assertThat(this.texts.texts(id).pages()).extracting(PageText::textless).containsExactly(true, true, false);
	}

	@Test
	void storedTextIsNotExtractedAgainAfterARestart() throws InterruptedException {
		start();
		DocumentId id = stored("Annual report of the fictional company");
		DocumentText first = this.texts.texts(id);
		assertThat(extractions()).isEqualTo(1);
		this.texts.destroy();
		SimpleMeterRegistry fresh = new SimpleMeterRegistry();
		this.texts = new PageTexts(this.documents, TextProperties.defaults(), JsonMapper.builder().build(), fresh);
		assertThat(this.texts.texts(id)).isEqualTo(first);
		assertThat(fresh.get("pagewise.text.extraction").timer().count()).isZero();
	}

	@Test
	void renderingADocumentExtractsItsTextInTheBackgroundAndDeletingItRemovesTheText() throws Exception {
		start();
		Path pdf = TextPdfs.write(this.dir.resolve("in.pdf"), "Rendered first, read later");
		DocumentId id = DocumentId.of(TestDocuments.ingest(this.documents, () -> Files.newInputStream(pdf)).id());
		await().atMost(Duration.ofSeconds(30)).until(() -> this.texts.stored(id).isPresent());
		assertThat(this.texts.stored(id).orElseThrow().pages().get(0).text()).isEqualTo("Rendered first, read later");
		this.documents.delete(id);
		assertThat(this.texts.stored(id)).isEmpty();
		assertThat(this.documents.storeDerived(id, "text.json", new byte[] { '{', '}' })).isFalse();
		assertThat(this.texts.stored(id)).isEmpty();
	}

	@Test
	void aDocumentThatIsNotStoredIsNotFound() {
		start();
		DocumentId unknown = DocumentId.of("a".repeat(64));
		assertThatExceptionOfType(PagewiseException.class).isThrownBy(() -> this.texts.texts(unknown))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("document-not-found"));
	}

	@Test
	void extractionStoppedAtItsLimitLeavesTheRemainingPagesEmptyAndSaysSo() throws Exception {
		Path pdf = TextPdfs.write(this.dir.resolve("long.pdf"), "First page words", "Second page words",
				"Third page words");
		int[] asked = { 0 };
		TextExtractor.Extracted extracted = new TextExtractor(100).extract(pdf, () -> ++asked[0] > 1);
		assertThat(extracted.complete()).isFalse();
		assertThat(extracted.pages()).containsExactly("First page words", "", "");
	}

	@Test
	void normalizingCollapsesWhitespaceAndCutsAtTheLimitWithoutSplittingACharacter() {
		TextExtractor extractor = new TextExtractor(5);
		assertThat(extractor.normalized("  a \t b \r\n\n c  ")).isEqualTo("a b\nc");
		assertThat(extractor.normalized("abcdefgh")).isEqualTo("abcde");
		// U+20000 is two chars: cutting after its first half would leave half a character.
		assertThat(extractor.normalized("abcd\uD840\uDC00")).isEqualTo("abcd");
	}

	private void start() {
		this.documents = TestDocuments.onDisk(this.dir.resolve("data"), (event) -> {
			if (event instanceof Documents.DocumentDeleted deleted) {
				this.texts.deleted(deleted);
			}
		});
		this.texts = new PageTexts(this.documents, TextProperties.defaults(), JsonMapper.builder().build(),
				this.registry);
	}

	private DocumentId stored(String... pages) {
		Path pdf = TextPdfs.write(this.dir.resolve("doc-" + System.nanoTime() + ".pdf"), pages);
		return this.documents.store(() -> Files.newInputStream(pdf)).id();
	}

	private long extractions() {
		return this.registry.get("pagewise.text.extraction").timer().count();
	}

}
