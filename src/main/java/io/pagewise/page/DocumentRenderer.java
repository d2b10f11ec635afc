package io.pagewise.page;

import io.pagewise.PagewiseException;
import io.pagewise.document.DocumentId;
import io.pagewise.document.DocumentSummary;
import io.pagewise.document.Documents;
import io.pagewise.document.PageWriter;
import org.springframework.stereotype.Component;

/**
 * Renders a stored document into the store: each page is stored as soon as it is rendered, then the manifest that
 * marks the document complete. Holds the document's lock meanwhile, so concurrent callers render it once.
 */
@Component
class DocumentRenderer {

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
		var pdf = writer.pdf();
		try {
			this.rasterizer.rasterize(pdf, storing(writer, sink));
			return writer.finish();
		}
		catch (PagewiseException ex) {
			if (ex.getStatusCode().is4xxClientError()) {
				// The bytes are not a document we can serve: keep nothing of them.
				writer.discard();
			}
			throw ex;
		}
		catch (OutOfMemoryError ex) {
			// The heap ran out while this document was rendering, on this thread (storing its pages, or the
			// manifest); the renderer maps an out-of-memory inside one page's render to 422 pdf-too-complex itself.
			// Here the document is not shown to be at fault (the same bytes fit a larger heap, or a quieter
			// moment), hence 503, not 4xx. Its render is cancelled and what it held is garbage now, so the heap has
			// room to remove it: a failed upload keeps nothing, and no half-rendered copy is repaired (re-rendered)
			// on every access. Should removing fail too, it stays without a manifest, which the next access repairs.
			writer.discard();
			throw RenderProblems.insufficientMemory(ex);
		}
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
