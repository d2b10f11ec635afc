package io.pagewise.document;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;

import org.springframework.context.ApplicationEventPublisher;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real {@link Documents} on a filesystem store, for the tests of the features above {@code document}; with a
 * stand-in render ({@link #fakeRender}) that only counts pages (each page's "image" is one byte), for tests that need
 * rendered documents, not pictures of them.
 */
public final class TestDocuments {

	private TestDocuments() {
	}

	/** Documents stored under {@code dir}, publishing their events to {@code events}. */
	public static Documents filesystem(Path dir, Consumer<Object> events) {
		return new Documents(store(dir), events::accept);
	}

	/** Documents stored under {@code dir}, publishing their events to {@code events}. */
	public static Documents onDisk(Path dir, ApplicationEventPublisher events) {
		return new Documents(store(dir), events);
	}

	/**
	 * Stores each page of a stored document as a one-byte "image" (1 x 1 pixels) and marks it complete, as the page
	 * feature's render does (so {@link Documents#whenRendered} listeners run): for tests that need rendered documents,
	 * not pictures of them.
	 */
	public static DocumentSummary fakeRender(Documents documents, DocumentId id) {
		try (PageWriter writer = documents.open(id)) {
			if (writer.completed().isPresent()) {
				return writer.completed().get();
			}
			int count = pageCount(writer.pdf());
			for (int page = 1; page <= count; page++) {
				writer.write(page, 1, 1, new byte[] { (byte) page });
			}
			return writer.finish();
		}
	}

	/** Stores an upload and {@link #fakeRender renders} it. */
	public static DocumentSummary ingest(Documents documents, Upload upload) {
		return fakeRender(documents, documents.store(upload).id());
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

	private static int pageCount(Path pdf) {
		try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
			return document.getNumberOfPages();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
