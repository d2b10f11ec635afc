package io.pagewise.document;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import java.util.function.Function;

import io.pagewise.scale.S3TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Files derived from a document (its text layer) live beside its pages, on disk and in S3, and die with it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DerivedFilesTests {

	private static final byte[] PDF = "%PDF-1.7\nderived".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] TEXT = "{\"pages\":[\"hello\"]}".getBytes(StandardCharsets.UTF_8);

	private S3TestServer server;

	@TempDir
	private Path temp;

	@BeforeAll
	void startServer() {
		this.server = S3TestServer.start();
	}

	@AfterAll
	void stopServer() {
		this.server.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "filesystem", "s3" })
	void aDerivedFileIsStoredBesideThePagesAndDeletedWithTheDocument(String type) {
		Documents documents = documents(type);
		DocumentId id = documents.store(() -> new ByteArrayInputStream(PDF)).id();
		assertThat(documents.derived(id, "text.json")).isEmpty();
		assertThat(documents.storeDerived(id, "text.json", TEXT)).isTrue();
		assertThat(documents.derived(id, "text.json")).hasValue(TEXT);
		assertThat(documents.readPdf(id, (Function<Path, Long>) (pdf) -> pdf.toFile().length())).hasValue((long) PDF.length);
		documents.delete(id);
		assertThat(documents.derived(id, "text.json")).isEmpty();
		assertThat(documents.storeDerived(id, "text.json", TEXT)).isFalse();
		assertThat(documents.derived(id, "text.json")).isEmpty();
		assertThat(documents.readPdf(id, (pdf) -> pdf)).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "filesystem", "s3" })
	void aDerivedFileNameIsNeverAPath(String type) {
		Documents documents = documents(type);
		DocumentId id = documents.store(() -> new ByteArrayInputStream(PDF)).id();
		assertThatIllegalArgumentException().isThrownBy(() -> documents.storeDerived(id, "../manifest.json", TEXT));
		assertThatIllegalArgumentException().isThrownBy(() -> documents.derived(id, "a/b"));
	}

	private Documents documents(String type) {
		Path dir = this.temp.resolve(UUID.randomUUID().toString());
		DocumentStore store = switch (type) {
			case "s3" -> {
				String bucket = "derived-" + UUID.randomUUID();
				StorageProperties properties = new StorageProperties(dir, StorageProperties.Type.S3,
						new StorageProperties.S3(this.server.endpoint(), bucket, "us-east-1", true,
								S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY, "", true));
				S3Bucket s3 = new S3Bucket(DocumentStorage.S3Storage.client(properties.s3()), bucket);
				s3.createIfMissing();
				yield new S3DocumentStore(s3, properties, JsonMapper.builder().build());
			}
			default -> new FilesystemDocumentStore(StorageProperties.filesystem(dir), JsonMapper.builder().build());
		};
		return new Documents(store, (event) -> {
		});
	}

}
