package io.pagewise.document;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import io.pagewise.PagewiseException;
import io.pagewise.scale.S3TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The S3 document store against a real S3-compatible server (S3Proxy in-process; {@link MinioDocumentStoreTests}
 * runs the same against MinIO where Docker exists): the filesystem store's layout and guarantees, in a bucket.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3DocumentStoreTests {

	private static final byte[] PDF = "%PDF-1.7\nfake body".getBytes(StandardCharsets.US_ASCII);

	private Path temp;

	private S3TestServer server;

	private S3Client client;

	private String bucket;

	private final FakeRendering rendering = new FakeRendering();

	private final List<Object> events = new ArrayList<>();

	@BeforeAll
	void startServer() {
		this.server = S3TestServer.start();
	}

	@AfterAll
	void stopServer() {
		this.server.close();
	}

	/** Where the store under test talks to; the same server's client for the test's own checks. */
	URI endpoint() {
		return this.server.endpoint();
	}

	@BeforeEach
	void newBucket(@TempDir Path scratch) {
		this.temp = scratch;
		this.events.clear();
		this.bucket = "test-" + UUID.randomUUID();
		this.client = DocumentStorage.S3Storage.client(properties("").s3());
		new S3Bucket(this.client, this.bucket).createIfMissing();
	}

	@Test
	void ingestLaysOutTheDocumentLikeTheFilesystemStoreUnderThePrefix() {
		Documents documents = documents(store("tenant/"));
		DocumentSummary summary = this.rendering.ingest(documents, PDF);
		String dir = "tenant/documents/" + summary.id().substring(0, 2) + "/" + summary.id() + "/";
		assertThat(keys("")).containsExactly(dir + "document.pdf", dir + "manifest.json", dir + "pages/1.jpg",
				dir + "pages/2.jpg", dir + "pages/3.jpg");
		assertThat(this.client.getObjectAsBytes((r) -> r.bucket(this.bucket).key(dir + "document.pdf")).asByteArray())
			.isEqualTo(PDF);
		assertThat(documents.page(DocumentId.of(summary.id()), 2)).containsExactly(FakeRendering.jpeg(2));
		assertThat(documents.find(DocumentId.of(summary.id()))).contains(summary);
		assertThat(summary.bytes()).isEqualTo(PDF.length);
		assertThat(documents(store("other/")).find(DocumentId.of(summary.id()))).as("another prefix").isEmpty();
	}

	@Test
	void theRendererGetsTheStoredPdfAsALocalFileWhichIsRemovedAfterwards() throws Exception {
		List<Path> rendered = new ArrayList<>();
		List<byte[]> contents = new ArrayList<>();
		this.rendering.beforePages = (pdf) -> {
			rendered.add(pdf);
			try {
				contents.add(Files.readAllBytes(pdf));
			}
			catch (java.io.IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		};
		this.rendering.ingest(documents(store("")), PDF);
		assertThat(contents).singleElement().isEqualTo(PDF);
		assertThat(rendered.getFirst()).doesNotExist();
		try (Stream<Path> scratch = Files.list(this.temp.resolve("scratch/tmp"))) {
			assertThat(scratch).as("no upload or render copy is left behind").isEmpty();
		}
	}

	@Test
	void theManifestIsWrittenOnlyAfterEveryPage() {
		S3DocumentStore store = store("");
		List<Boolean> manifestWhileRendering = new ArrayList<>();
		this.rendering.afterPages = () -> manifestWhileRendering
			.add(store.manifest(DocumentId.of(sha256Hex(PDF))).isPresent());
		DocumentSummary summary = this.rendering.ingest(documents(store), PDF);
		assertThat(manifestWhileRendering).containsExactly(false);
		assertThat(store.manifest(DocumentId.of(summary.id()))).isPresent();
	}

	@Test
	void aDocumentWhoseRenderingWasInterruptedIsRenderedOnNextAccess() {
		S3DocumentStore store = store("");
		Documents documents = documents(store);
		DocumentId id = documents.store(() -> new ByteArrayInputStream(PDF)).id();
		store.writePage(id, 1, FakeRendering.jpeg(1));
		// A crash here: PDF and one page stored, no manifest.
		assertThat(documents.find(id)).isEmpty();
		assertThatExceptionOfType(PagewiseException.class).isThrownBy(() -> documents.summary(id))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("render-unavailable"));
		assertThat(this.rendering.render(documents, id).pageCount()).isEqualTo(3);
		assertThat(documents.find(id)).isPresent();
	}

	@Test
	void deleteRemovesEveryObjectOfTheDocumentAndNoOther() {
		Documents documents = documents(store(""));
		DocumentId kept = DocumentId.of(this.rendering.ingest(documents, "%PDF-1.4 kept".getBytes()).id());
		DocumentId id = DocumentId.of(this.rendering.ingest(documents, PDF).id());
		documents.delete(id);
		assertThat(keys("")).isNotEmpty().allSatisfy((key) -> assertThat(key).contains(kept.value()));
		assertThat(documents.find(id)).isEmpty();
		assertThat(this.events).containsExactly(new Documents.DocumentDeleted(id));
		assertThatExceptionOfType(PagewiseException.class).isThrownBy(() -> documents.page(id, 1))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("document-not-found"));
		assertThatExceptionOfType(PagewiseException.class).isThrownBy(() -> documents.delete(id))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("document-not-found"));
	}

	@Test
	void aDocumentDeletedByAnotherReplicaWhileItRendersStaysDeleted() {
		S3DocumentStore otherReplica = store("");
		DocumentId id = DocumentId.of(sha256Hex(PDF));
		this.rendering.afterPages = () -> otherReplica.delete(id);
		// The render that lost the race does not hand out a summary of a deleted document either.
		assertThatExceptionOfType(PagewiseException.class)
			.isThrownBy(() -> this.rendering.ingest(documents(store("")), PDF))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("document-not-found"));
		Documents documents = documents(store(""));
		assertThat(documents.find(id)).isEmpty();
		assertThatExceptionOfType(PagewiseException.class).isThrownBy(() -> documents.summary(id))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("document-not-found"));
	}

	@Test
	void pagesARenderWritesAfterAnotherReplicaDeletedTheDocumentAreRemovedAndNeverServed() {
		S3DocumentStore otherReplica = store("");
		DocumentId id = DocumentId.of(sha256Hex(PDF));
		List<Boolean> servedWhileLate = new ArrayList<>();
		Documents documents = documents(store(""));
		// Deleted before this render stores a page: every page it writes is late.
		this.rendering.beforePages = (pdf) -> otherReplica.delete(id);
		this.rendering.afterPages = () -> servedWhileLate.add(documents.storedPage(id, 1).isPresent());
		assertThatExceptionOfType(PagewiseException.class).isThrownBy(() -> this.rendering.ingest(documents, PDF))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("document-not-found"));
		assertThat(servedWhileLate).containsExactly(false);
		assertThat(keys("")).as("the late writer removed what it wrote").isEmpty();
	}

	@Test
	void aRenderThatFailsAfterTheDocumentWasDeletedLeavesNothingBehind() {
		S3DocumentStore otherReplica = store("");
		DocumentId id = DocumentId.of(sha256Hex(PDF));
		this.rendering.beforePages = (pdf) -> otherReplica.delete(id);
		this.rendering.afterPages = () -> {
			throw new IllegalStateException("the render fails after storing its pages");
		};
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> this.rendering.ingest(documents(store("")), PDF));
		assertThat(keys("")).isEmpty();
	}

	@Test
	void aPageObjectIsServedOnlyAsAPageOfAStoredDocument() {
		Documents documents = documents(store(""));
		DocumentId id = DocumentId.of(this.rendering.ingest(documents, PDF).id());
		String pages = "documents/" + id.value().substring(0, 2) + "/" + id.value() + "/pages/";
		put(pages + "4.jpg", FakeRendering.jpeg(4));
		assertThat(documents.storedPage(id, 4)).as("beyond the document's pages").isEmpty();
		assertThatExceptionOfType(PagewiseException.class).isThrownBy(() -> documents.page(id, 4))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("page-not-found"));

		documents.delete(id);
		put(pages + "1.jpg", FakeRendering.jpeg(1));
		assertThat(documents.storedPage(id, 1)).as("written after the delete").isEmpty();
		assertThatExceptionOfType(PagewiseException.class).isThrownBy(() -> documents.page(id, 1))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("document-not-found"));
	}

	@Test
	void aManifestOfAnEarlierUploadDoesNotMakeTheDocumentUploadedAgainComplete() {
		Documents documents = documents(store(""));
		DocumentId id = DocumentId.of(this.rendering.ingest(documents, PDF).id());
		String manifest = "documents/" + id.value().substring(0, 2) + "/" + id.value() + "/manifest.json";
		byte[] earlier = this.client.getObjectAsBytes((r) -> r.bucket(this.bucket).key(manifest)).asByteArray();
		documents.delete(id);
		put(manifest, earlier); // what a render of the earlier upload could write late
		assertThat(documents.find(id)).as("its PDF is deleted").isEmpty();

		assertThat(documents.store(() -> new ByteArrayInputStream(PDF)).created()).isTrue();
		assertThat(documents.find(id)).as("its pages were deleted: the new upload is rendered again").isEmpty();
		assertThat(this.rendering.render(documents, id).pageCount()).isEqualTo(3);
		assertThat(documents.page(id, 3)).containsExactly(FakeRendering.jpeg(3));
	}

	@Test
	void aRenderOfAnEarlierUploadNeitherCompletesNorUndoesTheUploadAfterADelete() {
		Documents otherReplica = documents(store(""));
		DocumentId id = DocumentId.of(sha256Hex(PDF));
		this.rendering.afterPages = () -> {
			otherReplica.delete(id);
			otherReplica.store(() -> new ByteArrayInputStream(PDF));
		};
		assertThatExceptionOfType(PagewiseException.class)
			.isThrownBy(() -> this.rendering.ingest(documents(store("")), PDF))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("render-unavailable"));
		assertThat(otherReplica.find(id)).isEmpty();

		FakeRendering next = new FakeRendering();
		assertThat(next.render(otherReplica, id).pageCount()).isEqualTo(3);
		assertThat(otherReplica.page(id, 2)).containsExactly(FakeRendering.jpeg(2));
		String dir = "documents/" + id.value().substring(0, 2) + "/" + id.value() + "/";
		assertThat(keys("")).containsExactly(dir + "document.pdf", dir + "manifest.json", dir + "pages/1.jpg",
				dir + "pages/2.jpg", dir + "pages/3.jpg");
	}

	@Test
	void aDerivedFileOfADeletedDocumentIsNeitherStoredNorRead() {
		Documents documents = documents(store(""));
		DocumentId id = DocumentId.of(this.rendering.ingest(documents, PDF).id());
		assertThat(documents.storeDerived(id, "text.json", "{}".getBytes())).isTrue();
		documents(store("")).delete(id); // through another replica
		assertThat(documents.storeDerived(id, "text.json", "{}".getBytes())).isFalse();
		assertThat(keys("")).isEmpty();
		// What an extraction on another replica could write after the delete.
		put("documents/" + id.value().substring(0, 2) + "/" + id.value() + "/derived/text.json", "{}".getBytes());
		assertThat(documents.derived(id, "text.json")).isEmpty();
	}

	@Test
	void missingPageOfAKnownDocumentIsPageNotFound() {
		Documents documents = documents(store(""));
		DocumentId id = DocumentId.of(this.rendering.ingest(documents, PDF).id());
		assertThatExceptionOfType(PagewiseException.class).isThrownBy(() -> documents.page(id, 4))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("page-not-found"));
	}

	@Test
	void unreachableStorageIsAStorageUnavailableProblemNotA500() {
		S3Client nowhere = DocumentStorage.S3Storage.client(new StorageProperties.S3(URI.create("http://127.0.0.1:9"),
				this.bucket, "us-east-1", true, S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY, "", false));
		S3DocumentStore store = new S3DocumentStore(new S3Bucket(nowhere, this.bucket), properties(""),
				JsonMapper.builder().build());
		assertThatExceptionOfType(PagewiseException.class)
			.isThrownBy(() -> documents(store).store(() -> new ByteArrayInputStream(PDF)))
			.satisfies((ex) -> {
				assertThat(ex.code()).isEqualTo("storage-unavailable");
				assertThat(ex.getStatusCode().value()).isEqualTo(503);
			});
	}

	private Documents documents(DocumentStore store) {
		return new Documents(store, this.events::add);
	}

	private S3DocumentStore store(String prefix) {
		return new S3DocumentStore(new S3Bucket(this.client, this.bucket), properties(prefix), JsonMapper.builder().build());
	}

	private StorageProperties properties(String prefix) {
		return new StorageProperties(this.temp.resolve("scratch"), StorageProperties.Type.S3,
				new StorageProperties.S3(endpoint(), this.bucket, "us-east-1", true, S3TestServer.ACCESS_KEY,
						S3TestServer.SECRET_KEY, prefix, true));
	}

	private List<String> keys(String prefix) {
		return this.client.listObjectsV2Paginator((request) -> request.bucket(this.bucket).prefix(prefix))
			.contents()
			.stream()
			.map(software.amazon.awssdk.services.s3.model.S3Object::key)
			.sorted()
			.toList();
	}

	private void put(String key, byte[] content) {
		this.client.putObject((request) -> request.bucket(this.bucket).key(key),
				software.amazon.awssdk.core.sync.RequestBody.fromBytes(content));
	}

	private static String sha256Hex(byte[] bytes) {
		java.security.MessageDigest sha256 = DocumentId.newDigest();
		sha256.update(bytes);
		return DocumentId.of(sha256).value();
	}

}
