package io.pagewise.document;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * A stored document opened for storing its pages, holding the document's lock until closed (see
 * {@link Documents#open}): the PDF as a local file to render, a place for each page, and the manifest that marks
 * the document complete. Pages are handed down to it; it knows nothing of how they are made.
 */
public final class PageWriter implements AutoCloseable {

	private final DocumentId id;

	private final DocumentStore store;

	private final Runnable unlock;

	private final Runnable finished;

	private final List<PageInfo> pages = new ArrayList<>(); // guarded by itself

	private DocumentStore.@Nullable LocalPdf pdf;

	PageWriter(DocumentId id, DocumentStore store, Runnable unlock, Runnable finished) {
		this.id = id;
		this.store = store;
		this.unlock = unlock;
		this.finished = finished;
	}

	public DocumentId id() {
		return this.id;
	}

	/** The document's summary if every page is stored already (by an earlier call, or another replica). */
	public Optional<DocumentSummary> completed() {
		return this.store.manifest(this.id)
			.map((manifest) -> DocumentSummary.of(this.id, manifest.bytes(), manifest.pages()));
	}

	/** The PDF as a local file, until this writer is closed; {@code document-not-found} if it was deleted. */
	public Path pdf() {
		return localPdf().path();
	}

	/** Stores one page image. */
	public void write(int page, int width, int height, byte[] jpeg) {
		this.store.writePage(this.id, page, jpeg);
		synchronized (this.pages) {
			this.pages.add(new PageInfo(page, width, height, jpeg.length));
		}
	}

	/** Marks the document complete with the pages written; it is served from now on. */
	public DocumentSummary finish() {
		List<PageInfo> written;
		synchronized (this.pages) {
			written = new ArrayList<>(this.pages);
		}
		written.sort(Comparator.comparingInt(PageInfo::page));
		long bytes = localPdf().size();
		this.store.writeManifest(this.id, new DocumentStore.Manifest(bytes, written));
		this.finished.run();
		return DocumentSummary.of(this.id, bytes, written);
	}

	/** Removes the document and everything stored of it: its bytes are not a document that can be served. */
	public void discard() {
		this.store.delete(this.id);
	}

	private DocumentStore.LocalPdf localPdf() {
		if (this.pdf == null) {
			this.pdf = this.store.openPdf(this.id).orElseThrow(() -> DocumentProblems.notFound(this.id));
		}
		return this.pdf;
	}

	/** Removes the local copy of the PDF (if one was made) and releases the document's lock. */
	@Override
	public void close() {
		try {
			if (this.pdf != null) {
				this.pdf.close();
			}
		}
		finally {
			this.unlock.run();
		}
	}

}
