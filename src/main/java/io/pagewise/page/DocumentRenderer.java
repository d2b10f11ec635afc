package io.pagewise.page;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import io.pagewise.PagewiseException;
import io.pagewise.document.DocumentId;
import io.pagewise.document.DocumentSummary;
import io.pagewise.document.Documents;
import io.pagewise.document.PageWriter;
import io.pagewise.page.jpeg.JpegSize;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Renders a stored document into the store: each page is stored as soon as it is rendered, then the manifest that
 * marks the document complete. Holds the document's lock meanwhile, so concurrent callers render it once. A document
 * is removed only for a reason that lies in it (a 4xx); after any other failure it stays with the pages rendered so
 * far, and the next render resumes with the missing ones.
 */
@Component
class DocumentRenderer {

	private static final Logger logger = LoggerFactory.getLogger(DocumentRenderer.class);

	private final Documents documents;

	private final PdfRasterizer rasterizer;

	DocumentRenderer(Documents documents, PdfRasterizer rasterizer) {
		this.documents = documents;
		this.rasterizer = rasterizer;
	}

	/**
	 * The rendered document: renders the pages if they are missing (a new document, or one whose rendering was
	 * interrupted), handing each newly stored page to {@code sink}.
	 */
	DocumentSummary render(DocumentId id, PageSink sink) {
		try (PageWriter writer = this.documents.open(id)) {
			return writer.completed().orElseGet(() -> rasterize(writer, sink));
		}
	}

	private DocumentSummary rasterize(PageWriter writer, PageSink sink) {
		Path pdf = writer.pdf();
		try {
			Set<Integer> kept = keepStoredPages(writer);
			int pages = this.rasterizer.rasterize(pdf, storing(writer, sink), (page) -> !kept.contains(page));
			if (kept.stream().anyMatch((page) -> page > pages)) {
				throw new IllegalStateException("Pages stored beyond the document's " + pages);
			}
			return writer.finish();
		}
		catch (PagewiseException ex) {
			if (ex.getStatusCode().is4xxClientError()) {
				// A reason that lies in the document (the renderer confirms doubtful ones): keep nothing of it.
				writer.discard();
			}
			// Anything else: the PDF and its pages stay, and the next access resumes.
			throw ex;
		}
		catch (OutOfMemoryError ex) {
			// On this thread (storing pages, the manifest): the service's condition, not the document's. Its render
			// is cancelled and what it held is garbage now.
			throw RenderProblems.unavailable("The service ran out of memory.", ex);
		}
		catch (RuntimeException ex) {
			logger.warn("Rendering {} failed unexpectedly; the document is kept", writer.id(), ex);
			throw RenderProblems.unavailable("Rendering failed unexpectedly.", ex);
		}
	}

	/** Pages an interrupted render stored are kept, not rendered again (an unreadable one is rendered again). */
	private static Set<Integer> keepStoredPages(PageWriter writer) {
		Set<Integer> kept = new HashSet<>();
		for (int page : writer.storedPages()) {
			writer.storedPage(page).ifPresent((jpeg) -> JpegSize.of(jpeg).ifPresent((size) -> {
				writer.keep(page, size.width(), size.height(), jpeg.length);
				kept.add(page);
			}));
		}
		if (!kept.isEmpty()) {
			logger.info("Resuming the render of {}: {} pages are stored already", writer.id(), kept.size());
		}
		return kept;
	}

	/** Stores each page the rasterizer hands over, then passes it on. */
	private static PageSink storing(PageWriter writer, PageSink sink) {
		return new PageSink() {

			@Override
			public void accept(int page, int width, int height, byte[] jpeg) {
				writer.write(page, width, height, jpeg);
				sink.accept(page, width, height, jpeg);
			}

			@Override
			public void pageCount(int count) {
				sink.pageCount(count);
			}

		};
	}

}
