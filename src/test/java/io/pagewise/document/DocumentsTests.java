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

	private final FakeRendering rendering = new FakeRendering();

	private final List<Object> events = new ArrayList<>();

	@Test
	void storedDocumentAndItsPagesAreServedUnderItsSha256() throws Exception {
		Documents documents = documents();
		Documents.Stored stored = documents.store(() -> new ByteArrayInputStream(PDF));
		assertThat(stored.created()).isTrue();
		DocumentSummary summary = this.rendering.render(documents, stored.id());
		assertThat(summary.id()).isEqualTo(sha256Hex(PDF));
		assertThat(summary.pageCount()).isEqualTo(3);
		assertThat(summary.bytes()).isEqualTo(PDF.length);
		assertThat(summary.pages()).extracting(DocumentSummary.Page::page).containsExactly(1, 2, 3);
		assertThat(documents.find(stored.id())).contains(summary);
		assertThat(documents.summary(stored.id())).isEqualTo(summary);
		assertThat(documents.page(DocumentId.of(summary.id()), 2)).containsExactly(FakeRendering.jpeg(2));
		assertThat(Files.readAllBytes(store().pdf(DocumentId.of(summary.id())))).isEqualTo(PDF);
	}

	@Test
	void knownBytesAreNotCreatedAgainAndTheirPagesAreComplete() {
		Documents documents = documents();
		this.rendering.ingest(documents, PDF);
		Documents.Stored again = documents.store(() -> new ByteArrayInputStream(PDF));
		assertThat(again.created()).isFalse();
		try (PageWriter writer = documents.open(again.id())) {
			assertThat(writer.completed()).isPresent();
		}
		assertThat(this.rendering.calls).hasValue(1);
	}

	@Test
	void concurrentUploadsOfTheSameBytesStoreOnceAndStoreTheirPagesOnce() throws Exception {
		Documents documents = documents();
		Callable<Boolean> upload = () -> {
			Documents.Stored stored = documents.store(() -> new ByteArrayInputStream(PDF));
			this.rendering.render(documents, stored.id());
			return stored.created();
		};
		try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
			List<Future<Boolean>> results = pool.invokeAll(java.util.Collections.nCopies(16, upload));
			long created = 0;
			for (Future<Boolean> result : results) {
				created += result.get() ? 1 : 0;
			}
			assertThat(created).isEqualTo(1);
		}
		assertThat(this.rendering.calls).hasValue(1);
		try (Stream<Path> files = Files.list(this.dir.resolve("tmp"))) {
			assertThat(files).as("no temporary upload is left behind").isEmpty();
		}
	}

	@Test
	void discardedDocumentKeepsNothingAndCanBeUploadedAgain() throws Exception {
		Documents documents = documents();
		DocumentId id = documents.store(() -> new ByteArrayInputStream(PDF)).id();
		try (PageWriter writer = documents.open(id)) {
			writer.write(1, 10, 20, FakeRendering.jpeg(1));
			writer.discard();
		}
		assertThat(store().hasPdf(id)).isFalse();
		assertThat(store().page(id, 1)).as("the page stored before").isEmpty();
		assertThat(documents.store(() -> new ByteArrayInputStream(PDF)).created()).as("uploaded again").isTrue();
	}

	@Test
	void outOfMemoryWhileCopyingTheUploadIsInsufficientMemoryAndStoresNothing() throws Exception {
		Documents documents = documents();
		assertThatExceptionOfType(PagewiseException.class).isThrownBy(() -> documents.store(() -> new InputStream() {

			@Override
			public int read() {
				throw new OutOfMemoryError("Java heap space");
			}

		})).satisfies((ex) -> assertThat(ex.code()).isEqualTo("insufficient-memory"));
		assertThat(this.dir.resolve("documents")).doesNotExist();
		try (Stream<Path> files = Files.list(this.dir.resolve("tmp"))) {
			assertThat(files).as("no temporary upload is left behind").isEmpty();
		}
	}

	@Test
	void storedDocumentWithoutAllItsPagesIsRenderUnavailableUntilTheyAreStored() {
		FilesystemDocumentStore store = store();
		Documents documents = documents();
		DocumentId id = documents.store(() -> new ByteArrayInputStream(PDF)).id();
		store.writePage(id, 1, FakeRendering.jpeg(1));
		// A crash here: PDF and one page on disk, no manifest.
		assertThat(documents.find(id)).isEmpty();
		assertThatExceptionOfType(PagewiseException.class).isThrownBy(() -> documents.summary(id)).satisfies((ex) -> {
			assertThat(ex.code()).isEqualTo("render-unavailable");
			assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
			assertThat(ex.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).matches("[1-9]\\d*");
		});
		assertThatExceptionOfType(PagewiseException.class).isThrownBy(() -> documents.page(id, 2))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("render-unavailable"));
		DocumentSummary repaired = this.rendering.render(documents, id);
		assertThat(repaired.pageCount()).isEqualTo(3);
		assertThat(documents.find(id)).contains(repaired);
	}

	@Test
	void openingAnUnknownDocumentIsNotFound() {
		assertThatExceptionOfType(PagewiseException.class)
			.isThrownBy(() -> documents().open(DocumentId.of(sha256Hex(PDF))))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("document-not-found"));
	}

	@Test
	void deleteRemovesEverythingAndAnnouncesIt() {
		Documents documents = documents();
		DocumentId id = DocumentId.of(this.rendering.ingest(documents, PDF).id());
		documents.delete(id);
		assertThat(documents.find(id)).isEmpty();
		assertThat(store().hasPdf(id)).isFalse();
		assertThat(this.events).containsExactly(new Documents.DocumentDeleted(id));
		assertThatExceptionOfType(PagewiseException.class).isThrownBy(() -> documents.page(id, 1))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("document-not-found"));
		assertThatExceptionOfType(PagewiseException.class).isThrownBy(() -> documents.summary(id))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("document-not-found"));
		assertThatExceptionOfType(PagewiseException.class).isThrownBy(() -> documents.delete(id))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("document-not-found"));
	}

	@Test
	void aRenderThatWaitedForTheDocumentWhileItWasDeletedFindsItGoneAndStoresNothing() throws Exception {
		java.util.concurrent.CountDownLatch deleting = new java.util.concurrent.CountDownLatch(1);
		java.util.concurrent.CountDownLatch proceed = new java.util.concurrent.CountDownLatch(1);
		FilesystemDocumentStore store = new FilesystemDocumentStore(StorageProperties.filesystem(this.dir),
				JsonMapper.builder().build()) {

			@Override
			public boolean delete(DocumentId id) {
				deleting.countDown();
				try {
					proceed.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return super.delete(id);
			}

		};
		Documents documents = new Documents(store, this.events::add);
		DocumentId id = documents.store(() -> new ByteArrayInputStream(PDF)).id();
		List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
		Thread delete = Thread.ofPlatform().start(() -> documents.delete(id));
		deleting.await();
		Thread render = Thread.ofPlatform().start(() -> {
			try {
				this.rendering.render(documents, id);
			}
			catch (RuntimeException ex) {
				failures.add(ex);
			}
		});
		while (render.getState() != Thread.State.WAITING) {
			// Until the render waits for the document's lock, which the delete holds.
			Thread.onSpinWait();
		}
		proceed.countDown();
		delete.join();
		render.join();
		assertThat(failures).singleElement()
			.isInstanceOfSatisfying(PagewiseException.class, (ex) -> assertThat(ex.code()).isEqualTo("document-not-found"));
		assertThat(this.rendering.calls).hasValue(0);
		assertThat(store.storedPages(id)).isEmpty();
		assertThat(documents.find(id)).isEmpty();
	}

	@Test
	void aRenderOnAReplicaSharingTheVolumeThatOutlivesADeleteBringsNothingBack() {
		Documents otherReplica = new Documents(store(), this.events::add); // its own locks, the same volume
		DocumentId id = DocumentId.of(sha256Hex(PDF));
		this.rendering.beforePages = (pdf) -> otherReplica.delete(id);
		assertThatExceptionOfType(PagewiseException.class).isThrownBy(() -> this.rendering.ingest(documents(), PDF))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("document-not-found"));
		assertThat(otherReplica.find(id)).isEmpty();
		assertThat(store().storedPages(id)).as("the late writer removed its pages").isEmpty();

		this.rendering.beforePages = (pdf) -> {
		};
		assertThat(this.rendering.ingest(otherReplica, PDF).pageCount()).as("uploaded again").isEqualTo(3);
		assertThat(documents().page(id, 3)).containsExactly(FakeRendering.jpeg(3));
	}

	@Test
	void missingPageOfAKnownDocumentIsPageNotFound() {
		Documents documents = documents();
		DocumentId id = DocumentId.of(this.rendering.ingest(documents, PDF).id());
		assertThatExceptionOfType(PagewiseException.class).isThrownBy(() -> documents.page(id, 4))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("page-not-found"));
	}

	@Test
	void headerMayStartAnywhereInTheFirstKibibyte() {
		byte[] prefixed = ("garbage before the header\n" + new String(PDF, StandardCharsets.US_ASCII))
			.getBytes(StandardCharsets.US_ASCII);
		assertThat(documents().store(() -> new ByteArrayInputStream(prefixed)).created()).isTrue();
	}

	@Test
	void emptyAndNonPdfUploadsAreRejectedBeforeAnythingIsStored() {
		Documents documents = documents();
		assertThatExceptionOfType(PagewiseException.class)
			.isThrownBy(() -> documents.store(() -> new ByteArrayInputStream(new byte[0])))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("empty-file"));
		assertThatExceptionOfType(PagewiseException.class)
			.isThrownBy(() -> documents.store(() -> new ByteArrayInputStream("hello".getBytes())))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("not-a-pdf"));
		assertThat(this.dir.resolve("documents")).doesNotExist();
	}

	private Documents documents() {
		return new Documents(store(), this.events::add);
	}

	private FilesystemDocumentStore store() {
		return new FilesystemDocumentStore(StorageProperties.filesystem(this.dir), JsonMapper.builder().build());
	}

	private static String sha256Hex(byte[] bytes) {
		return DocumentId.of(digest(bytes)).value();
	}

	private static java.security.MessageDigest digest(byte[] bytes) {
		java.security.MessageDigest sha256 = DocumentId.newDigest();
		sha256.update(bytes);
		return sha256;
	}

}
