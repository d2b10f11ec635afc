package io.pagewise.page;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import io.pagewise.PagewiseException;
import io.pagewise.document.DocumentId;
import io.pagewise.document.DocumentSummary;
import io.pagewise.document.Documents;
import io.pagewise.document.PageWriter;
import io.pagewise.document.TestDocuments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;

/** Rendering stored documents into the store, with real storage and a rasterizer that hands over three pages. */
class DocumentRendererTests {

	private static final byte[] PDF = "%PDF-1.7\nfake body".getBytes(StandardCharsets.US_ASCII);

	@TempDir
	private Path dir;

	private final List<Object> events = new ArrayList<>();

	private final PdfRasterizer rasterizer = mock(PdfRasterizer.class);

	private final List<Integer> rendered = java.util.Collections.synchronizedList(new ArrayList<>());

	DocumentRendererTests() {
		given(this.rasterizer.rasterize(any(), any(), any())).willAnswer((call) -> {
			PageSink sink = call.getArgument(1);
			java.util.function.IntPredicate wanted = call.getArgument(2);
			sink.pageCount(3);
			for (int page = 1; page <= 3; page++) {
				if (wanted.test(page)) {
					this.rendered.add(page);
					sink.accept(page, 10, 20, jpeg(page));
				}
			}
			return 3;
		});
	}

	@Test
	void ingestStoresTheBytesUnderTheirSha256AndRendersEveryPage() {
		PageRenderer renderer = renderer(documents());
		PageRenderer.Ingested ingested = renderer.ingest(() -> new ByteArrayInputStream(PDF));
		assertThat(ingested.created()).isTrue();
		DocumentSummary summary = ingested.summary();
		assertThat(summary.id()).isEqualTo(id().value());
		assertThat(summary.pageCount()).isEqualTo(3);
		assertThat(summary.bytes()).isEqualTo(PDF.length);
		assertThat(summary.pages()).extracting(DocumentSummary.Page::page).containsExactly(1, 2, 3);
		assertThat(renderer.page(id(), 2)).containsExactly(jpeg(2));
	}

	@Test
	void ingestOfKnownBytesIsNotCreatedAndDoesNotRenderAgain() {
		PageRenderer renderer = renderer(documents());
		renderer.ingest(() -> new ByteArrayInputStream(PDF));
		PageRenderer.Ingested again = renderer.ingest(() -> new ByteArrayInputStream(PDF));
		assertThat(again.created()).isFalse();
		then(this.rasterizer).should(times(1)).rasterize(any(), any(), any());
	}

	@Test
	void concurrentIngestsOfTheSameBytesStoreAndRenderOnce() throws Exception {
		PageRenderer renderer = renderer(documents());
		Callable<PageRenderer.Ingested> upload = () -> renderer.ingest(() -> new ByteArrayInputStream(PDF));
		try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
			List<Future<PageRenderer.Ingested>> results = pool.invokeAll(Collections.nCopies(16, upload));
			long created = 0;
			for (Future<PageRenderer.Ingested> result : results) {
				created += result.get().created() ? 1 : 0;
				assertThat(result.get().summary().pageCount()).isEqualTo(3);
			}
			assertThat(created).isEqualTo(1);
		}
		then(this.rasterizer).should(times(1)).rasterize(any(), any(), any());
		try (Stream<Path> files = Files.list(this.dir.resolve("tmp"))) {
			assertThat(files).as("no temporary upload is left behind").isEmpty();
		}
	}

	@Test
	void clientErrorWhileRenderingKeepsNothingOfTheUpload() {
		willThrow(RenderProblems.encrypted(new Exception())).given(this.rasterizer).rasterize(any(), any(), any());
		assertThatExceptionOfType(PagewiseException.class)
			.isThrownBy(() -> renderer(documents()).ingest(() -> new ByteArrayInputStream(PDF)))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("pdf-encrypted"));
		assertThat(TestDocuments.hasPdf(this.dir, id())).isFalse();
	}

	@Test
	void outOfMemoryWhileStoringPagesIsRenderUnavailableAndKeepsTheDocumentToResume() {
		Documents documents = TestDocuments.outOfMemoryOnPage(this.dir, 2, this.events::add);
		assertThatExceptionOfType(PagewiseException.class)
			.isThrownBy(() -> renderer(documents).ingest(() -> new ByteArrayInputStream(PDF)))
			.satisfies((ex) -> {
				assertThat(ex.code()).isEqualTo("render-unavailable");
				assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
				assertThat(ex.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).matches("[1-9]\\d*");
				assertThat(ex.getCause()).isInstanceOf(OutOfMemoryError.class);
			});
		assertThat(TestDocuments.hasPdf(this.dir, id())).isTrue();
		this.rendered.clear();

		PageRenderer.Ingested again = renderer(documents()).ingest(() -> new ByteArrayInputStream(PDF));

		assertThat(again.created()).as("the same document").isFalse();
		assertThat(again.summary().pageCount()).isEqualTo(3);
		assertThat(this.rendered).as("page 1 was stored before the failure").containsExactlyInAnyOrder(2, 3);
		assertThat(this.events).as("nothing deleted").isEmpty();
	}

	@Test
	void failureThatLiesInTheServiceKeepsTheDocumentAndItsPages() {
		willThrow(RenderProblems.unavailable("Busy.", null)).given(this.rasterizer).rasterize(any(), any(), any());
		assertThatExceptionOfType(PagewiseException.class)
			.isThrownBy(() -> renderer(documents()).ingest(() -> new ByteArrayInputStream(PDF)))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("render-unavailable"));
		assertThat(TestDocuments.hasPdf(this.dir, id())).isTrue();
	}

	@Test
	void fullDiskWhileRenderingKeepsTheDocumentAndLeavesNothingThatGrowsWithRetries() throws Exception {
		Documents full = TestDocuments.storageFullOnPage(this.dir, 2, this.events::add);
		for (int attempt = 0; attempt < 3; attempt++) {
			assertThatExceptionOfType(PagewiseException.class)
				.isThrownBy(() -> renderer(full).ingest(() -> new ByteArrayInputStream(PDF)))
				.satisfies((ex) -> assertThat(ex.code()).isEqualTo("storage-full"));
		}
		List<Path> afterRetries = TestDocuments.files(this.dir);
		assertThat(afterRetries).as("the PDF and page 1, nothing else")
			.extracting((path) -> path.getFileName().toString())
			.containsExactlyInAnyOrder("document.pdf", "1.jpg");
		this.rendered.clear();

		assertThat(renderer(documents()).summary(id()).pageCount()).as("space again").isEqualTo(3);
		assertThat(this.rendered).containsExactlyInAnyOrder(2, 3);
	}

	@Test
	void documentWhoseRenderingWasInterruptedIsRenderedOnNextAccess() {
		Documents documents = documents();
		DocumentId id = documents.store(() -> new ByteArrayInputStream(PDF)).id();
		try (PageWriter writer = documents.open(id)) {
			writer.write(1, 10, 20, jpeg(1));
			// A crash here: PDF and one page stored, no manifest.
		}
		assertThat(documents.find(id)).isEmpty();
		PageRenderer renderer = renderer(documents);

		assertThat(renderer.page(id, 3)).containsExactly(jpeg(3));
		assertThat(this.rendered).as("page 1 is not rendered again").containsExactlyInAnyOrder(2, 3);
		DocumentSummary summary = renderer.summary(id);
		assertThat(summary.pageCount()).isEqualTo(3);
		assertThat(summary.pages().get(0).width()).as("read from the stored page").isEqualTo(10);
		assertThat(documents.find(id)).isPresent();
	}

	@Test
	void missingPageOfARenderedDocumentIsPageNotFoundWithoutRenderingAgain() {
		PageRenderer renderer = renderer(documents());
		renderer.ingest(() -> new ByteArrayInputStream(PDF));
		assertThatExceptionOfType(PagewiseException.class).isThrownBy(() -> renderer.page(id(), 4))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("page-not-found"));
		assertThatExceptionOfType(PagewiseException.class)
			.isThrownBy(() -> renderer.page(DocumentId.of("b".repeat(64)), 1))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("document-not-found"));
		then(this.rasterizer).should(times(1)).rasterize(any(), any(), any());
	}

	private Documents documents() {
		return TestDocuments.filesystem(this.dir, this.events::add);
	}

	private PageRenderer renderer(Documents documents) {
		return new PageRenderer(documents, new DocumentRenderer(documents, this.rasterizer));
	}

	private static DocumentId id() {
		return DocumentId.of(java.util.HexFormat.of().formatHex(DocumentId.newDigest().digest(PDF)));
	}

	/** A real JPEG (stored pages are read back by their size when a render resumes), different per page. */
	private static byte[] jpeg(int page) {
		java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(10, 20,
				java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
		image.setRGB(0, 0, page);
		try {
			return io.pagewise.page.jpeg.JpegEncoder.imageIo(0.8f).encode(image);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
