package io.pagewise.document;

import java.nio.file.Path;
import java.util.function.Consumer;

import tools.jackson.databind.json.JsonMapper;

/** Real {@link Documents} on a filesystem store, for the tests of the features above {@code document}. */
public final class TestDocuments {

	private TestDocuments() {
	}

	/** Documents stored under {@code dir}, publishing their events to {@code events}. */
	public static Documents filesystem(Path dir, Consumer<Object> events) {
		return new Documents(store(dir), events::accept);
	}

	/** Like {@link #filesystem}, but the heap runs out when page {@code failing} is stored. */
	public static Documents outOfMemoryOnPage(Path dir, int failing, Consumer<Object> events) {
		FilesystemDocumentStore store = new FilesystemDocumentStore(StorageProperties.filesystem(dir),
				JsonMapper.builder().build()) {

			@Override
			public void writePage(DocumentId id, int page, byte[] jpeg) {
				if (page == failing) {
					throw new OutOfMemoryError("Java heap space");
				}
				super.writePage(id, page, jpeg);
			}

		};
		return new Documents(store, events::accept);
	}

	/** Like {@link #filesystem}, but the disk is full when page {@code failing} is stored. */
	public static Documents storageFullOnPage(Path dir, int failing, Consumer<Object> events) {
		FilesystemDocumentStore store = new FilesystemDocumentStore(StorageProperties.filesystem(dir),
				JsonMapper.builder().build()) {

			@Override
			public void writePage(DocumentId id, int page, byte[] jpeg) {
				if (page == failing) {
					throw StorageException.of(new java.io.IOException("No space left on device"));
				}
				super.writePage(id, page, jpeg);
			}

		};
		return new Documents(store, events::accept);
	}

	/** Every file stored under {@code dir}, documents and scratch area alike. */
	public static java.util.List<Path> files(Path dir) throws java.io.IOException {
		try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(dir)) {
			return files.filter(java.nio.file.Files::isRegularFile).sorted().toList();
		}
	}

	/** Whether the PDF of {@code id} is stored under {@code dir}. */
	public static boolean hasPdf(Path dir, DocumentId id) {
		return store(dir).hasPdf(id);
	}

	private static FilesystemDocumentStore store(Path dir) {
		return new FilesystemDocumentStore(StorageProperties.filesystem(dir), JsonMapper.builder().build());
	}

}
