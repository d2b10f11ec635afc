package io.pagewise.document;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import io.pagewise.PagewiseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** No debris: failed writes remove their part file, and a sweep removes what a crash left. */
class FilesystemDocumentStoreTests {

	private static final byte[] PDF = "%PDF-1.7\nfake body".getBytes(StandardCharsets.US_ASCII);

	@TempDir
	private Path dir;

	@Test
	void aFailedPageWriteLeavesNoPartFile() throws Exception {
		FilesystemDocumentStore store = store();
		DocumentId id = stored(store);
		Path pages = store.pdf(id).resolveSibling("pages");
		// The page's place is taken by a directory that is not empty: the final move fails.
		Files.createDirectories(pages.resolve("1.jpg"));
		Files.writeString(pages.resolve("1.jpg").resolve("in-the-way"), "x");
		for (int attempt = 0; attempt < 3; attempt++) {
			assertThatExceptionOfType(PagewiseException.class)
				.isThrownBy(() -> store.writePage(id, 1, FakeRendering.jpeg(1)));
		}
		assertThat(parts(this.dir)).as("nothing that grows with retries").isEmpty();
	}

	@Test
	void sweepRemovesPartFilesAndScratchLeftoversOlderThanTheAgeOnly() throws Exception {
		FilesystemDocumentStore store = store();
		DocumentId id = stored(store);
		store.writePage(id, 1, FakeRendering.jpeg(1));
		Path pages = store.pdf(id).resolveSibling("pages");
		Path crashed = Files.writeString(pages.resolve("2.jpg.0b7c-crashed.part"), "half a page");
		Path writing = Files.writeString(pages.resolve("3.jpg.5d1e-writing.part"), "a page being written");
		Path upload = Files.writeString(this.dir.resolve("tmp").resolve("upload-123.part"), "half an upload");
		Path trash = Files.createDirectories(this.dir.resolve("tmp").resolve("deleted-" + id.value() + "-1"));
		Files.writeString(trash.resolve("document.pdf"), "deleted");
		FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
		for (Path path : List.of(crashed, upload, trash)) {
			Files.setLastModifiedTime(path, old);
		}

		int removed = store.sweepStale(Duration.ofHours(1));

		assertThat(removed).isEqualTo(3);
		assertThat(crashed).doesNotExist();
		assertThat(upload).doesNotExist();
		assertThat(trash).doesNotExist();
		assertThat(writing).as("a write in progress (another replica's)").exists();
		assertThat(store.page(id, 1)).as("stored pages").isPresent();
		assertThat(store.hasPdf(id)).isTrue();
	}

	private DocumentId stored(FilesystemDocumentStore store) {
		return new Documents(store, (event) -> {
		}).store(() -> new ByteArrayInputStream(PDF)).id();
	}

	private FilesystemDocumentStore store() {
		return new FilesystemDocumentStore(StorageProperties.filesystem(this.dir), JsonMapper.builder().build());
	}

	static List<Path> parts(Path root) throws java.io.IOException {
		try (Stream<Path> files = Files.walk(root)) {
			return files.filter((path) -> path.getFileName().toString().endsWith(".part")).toList();
		}
	}

}
