package io.pagewise.document;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.pagewise.PagewiseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DocumentsTests {

	private static final byte[] PDF = "%PDF-1.7\nfake body".getBytes(StandardCharsets.US_ASCII);

	@TempDir
	private Path dir;

	private final CountingRasterizer rasterizer = new CountingRasterizer();

	private final List<Object> events = new ArrayList<>();

	@Test
	void ingestStoresTheBytesUnderTheirSha256AndRendersEveryPage() throws Exception {
		Documents documents = documents();
		Documents.Ingested ingested = documents.ingest(() -> new ByteArrayInputStream(PDF));
		assertThat(ingested.created()).isTrue();
		DocumentSummary summary = ingested.summary();
		assertThat(summary.id()).isEqualTo(sha256Hex(PDF));
		assertThat(summary.pageCount()).isEqualTo(3);
		assertThat(summary.bytes()).isEqualTo(PDF.length);
		assertThat(summary.pages()).extracting(DocumentSummary.Page::page).containsExactly(1, 2, 3);
		assertThat(documents.page(DocumentId.of(summary.id()), 2)).containsExactly(CountingRasterizer.jpeg(2));
		assertThat(Files.readAllBytes(store().pdf(DocumentId.of(summary.id())))).isEqualTo(PDF);
	}

	@Test
	void ingestOfKnownBytesIsNotCreatedAndDoesNotRenderAgain() {
		Documents documents = documents();
		documents.ingest(() -> new ByteArrayInputStream(PDF));
		Documents.Ingested again = documents.ingest(() -> new ByteArrayInputStream(PDF));
		assertThat(again.created()).isFalse();
		assertThat(this.rasterizer.calls).hasValue(1);
	}

	@Test
	void concurrentIngestsOfTheSameBytesStoreAndRenderOnce() throws Exception {
		Documents documents = documents();
		Callable<Documents.Ingested> upload = () -> documents.ingest(() -> new ByteArrayInputStream(PDF));
		try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
			List<Future<Documents.Ingested>> results = pool.invokeAll(java.util.Collections.nCopies(16, upload));
			long created = 0;
			for (Future<Documents.Ingested> result : results) {
				created += result.get().created() ? 1 : 0;
			}
			assertThat(created).isEqualTo(1);
		}
		assertThat(this.rasterizer.calls).hasValue(1);
		try (Stream<Path> files = Files.list(this.dir.resolve("tmp"))) {
			assertThat(files).as("no temporary upload is left behind").isEmpty();
		}
	}

	@Test
	void clientErrorWhileRenderingKeepsNothingOfTheUpload() {
		this.rasterizer.failure = new PagewiseException(HttpStatus.UNPROCESSABLE_CONTENT, "pdf-encrypted", "Encrypted",
				"needs a password");
		Documents documents = documents();
		assertThatExceptionOfType(PagewiseException.class)
			.isThrownBy(() -> documents.ingest(() -> new ByteArrayInputStream(PDF)))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("pdf-encrypted"));
		assertThat(store().hasPdf(DocumentId.of(sha256Hex(PDF)))).isFalse();
	}

	@Test
	void outOfMemoryWhileStoringPagesIsInsufficientMemoryAndKeepsNothingOfTheUpload() throws Exception {
		Documents documents = new Documents(storeFailingOnPage(2), this.rasterizer, this.events::add);
		assertThatExceptionOfType(PagewiseException.class)
			.isThrownBy(() -> documents.ingest(() -> new ByteArrayInputStream(PDF)))
			.satisfies((ex) -> {
				assertThat(ex.code()).isEqualTo("insufficient-memory");
				assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
				assertThat(ex.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).matches("[1-9]\\d*");
				assertThat(ex.getCause()).isInstanceOf(OutOfMemoryError.class);
			});
		DocumentId id = DocumentId.of(sha256Hex(PDF));
		assertThat(store().hasPdf(id)).isFalse();
		assertThat(store().page(id, 1)).as("the page stored before the failure").isEmpty();
		try (Stream<Path> files = Files.list(this.dir.resolve("tmp"))) {
			assertThat(files).as("nothing left in the scratch area").isEmpty();
		}
		assertThat(documents().ingest(() -> new ByteArrayInputStream(PDF)).created()).as("uploaded again").isTrue();
	}

	@Test
	void outOfMemoryWhileCopyingTheUploadIsInsufficientMemoryAndStoresNothing() throws Exception {
		Documents documents = documents();
		assertThatExceptionOfType(PagewiseException.class).isThrownBy(() -> documents.ingest(() -> new InputStream() {

			@Override
			public int read() {
				throw new OutOfMemoryError("Java heap space");
			}

		})).satisfies((ex) -> assertThat(ex.code()).isEqualTo("insufficient-memory"));
		assertThat(this.rasterizer.calls).hasValue(0);
		assertThat(this.dir.resolve("documents")).doesNotExist();
		try (Stream<Path> files = Files.list(this.dir.resolve("tmp"))) {
			assertThat(files).as("no temporary upload is left behind").isEmpty();
		}
	}

	@Test
	void documentWhoseRenderingWasInterruptedIsRenderedOnNextAccess() {
		FilesystemDocumentStore store = store();
		Documents documents = documents();
		DocumentId id = documents.store(() -> new ByteArrayInputStream(PDF)).id();
		store.writePage(id, 1, CountingRasterizer.jpeg(1));
		// A crash here: PDF and one page on disk, no manifest.
		assertThat(documents.find(id)).isEmpty();
		DocumentSummary repaired = documents.summary(id);
		assertThat(repaired.pageCount()).isEqualTo(3);
		assertThat(documents.find(id)).contains(repaired);
	}

	@Test
	void deleteRemovesEverythingAndAnnouncesIt() {
		Documents documents = documents();
		DocumentId id = DocumentId.of(documents.ingest(() -> new ByteArrayInputStream(PDF)).summary().id());
		documents.delete(id);
		assertThat(documents.find(id)).isEmpty();
		assertThat(store().hasPdf(id)).isFalse();
		assertThat(this.events).containsExactly(new Documents.DocumentDeleted(id));
		assertThatExceptionOfType(PagewiseException.class).isThrownBy(() -> documents.page(id, 1))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("document-not-found"));
		assertThatExceptionOfType(PagewiseException.class).isThrownBy(() -> documents.delete(id))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("document-not-found"));
	}

	@Test
	void missingPageOfAKnownDocumentIsPageNotFound() {
		Documents documents = documents();
		DocumentId id = DocumentId.of(documents.ingest(() -> new ByteArrayInputStream(PDF)).summary().id());
		assertThatExceptionOfType(PagewiseException.class).isThrownBy(() -> documents.page(id, 4))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("page-not-found"));
	}

	@Test
	void headerMayStartAnywhereInTheFirstKibibyte() {
		byte[] prefixed = ("garbage before the header\n" + new String(PDF, StandardCharsets.US_ASCII))
			.getBytes(StandardCharsets.US_ASCII);
		assertThat(documents().ingest(() -> new ByteArrayInputStream(prefixed)).created()).isTrue();
	}

	@Test
	void emptyAndNonPdfUploadsAreRejectedBeforeAnythingIsStored() {
		Documents documents = documents();
		assertThatExceptionOfType(PagewiseException.class)
			.isThrownBy(() -> documents.ingest(() -> new ByteArrayInputStream(new byte[0])))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("empty-file"));
		assertThatExceptionOfType(PagewiseException.class)
			.isThrownBy(() -> documents.ingest(() -> new ByteArrayInputStream("hello".getBytes())))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("not-a-pdf"));
		assertThat(this.rasterizer.calls).hasValue(0);
		assertThat(this.dir.resolve("documents")).doesNotExist();
	}

	private Documents documents() {
		return new Documents(store(), this.rasterizer, this.events::add);
	}

	private FilesystemDocumentStore store() {
		return new FilesystemDocumentStore(StorageProperties.filesystem(this.dir), JsonMapper.builder().build());
	}

	/** A store whose heap runs out when page {@code failing} is written, as on the thread that stores pages. */
	private FilesystemDocumentStore storeFailingOnPage(int failing) {
		return new FilesystemDocumentStore(StorageProperties.filesystem(this.dir), JsonMapper.builder().build()) {

			@Override
			public void writePage(DocumentId id, int page, byte[] jpeg) {
				if (page == failing) {
					throw new OutOfMemoryError("Java heap space");
				}
				super.writePage(id, page, jpeg);
			}

		};
	}

	private static String sha256Hex(byte[] bytes) {
		return DocumentId.of(digest(bytes)).value();
	}

	private static java.security.MessageDigest digest(byte[] bytes) {
		java.security.MessageDigest sha256 = DocumentId.newDigest();
		sha256.update(bytes);
		return sha256;
	}

	/** Three tiny fake pages; counts how often it is asked to render. */
	static class CountingRasterizer implements PageRasterizer {

		final AtomicInteger calls = new AtomicInteger();

		PagewiseException failure;

		@Override
		public int rasterize(Path pdf, PageSink sink) {
			this.calls.incrementAndGet();
			if (this.failure != null) {
				throw this.failure;
			}
			for (int page = 1; page <= 3; page++) {
				sink.accept(page, 10, 20, jpeg(page));
			}
			return 3;
		}

		static byte[] jpeg(int page) {
			return new byte[] { (byte) 0xFF, (byte) 0xD8, (byte) page };
		}

	}

}
