package io.pagewise.document;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;

import org.springframework.context.ApplicationEventPublisher;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real {@link Documents} on a filesystem store for other features' tests, with a stand-in renderer that only counts
 * pages (each page's "image" is one byte): for tests that need stored documents, not pictures of them.
 */
public final class TestDocuments {

	private TestDocuments() {
	}

	public static Documents onDisk(Path dir, ApplicationEventPublisher events) {
		StorageProperties properties = StorageProperties.filesystem(dir);
		return new Documents(new FilesystemDocumentStore(properties, JsonMapper.builder().build()),
				TestDocuments::countPages, events);
	}

	private static int countPages(Path pdf, PageRasterizer.PageSink sink) {
		try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
			int count = document.getNumberOfPages();
			sink.pageCount(count);
			for (int page = 1; page <= count; page++) {
				sink.accept(page, 1, 1, new byte[] { (byte) page });
			}
			return count;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
