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

	private final String generation;

	private final Runnable unlock;

	private final Runnable finished;

	private final List<PageInfo> pages = new ArrayList<>(); // guarded by itself

	private DocumentStore.@Nullable LocalPdf pdf;

	private boolean settled; // finished or discarded: nothing left to clean up

	private boolean closed;

	PageWriter(DocumentId id, String generation, DocumentStore store, Runnable unlock, Runnable finished) {
		this.id = id;
		this.generation = generation;
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

	/**
	 * The pages stored before, by an interrupted render, that are still to be {@link #keep kept} or written again:
	 * a render resumes with the pages that are missing.
	 */
	public java.util.SortedSet<Integer> storedPages() {
		return this.store.storedPages(this.id);
	}

	/** One page stored before; empty if it is not stored. */
	public Optional<byte[]> storedPage(int page) {
		return this.store.page(this.id, page);
	}

	/** Counts a page stored before as part of the document, as if it had been written now. */
	public void keep(int page, int width, int height, long bytes) {
		synchronized (this.pages) {
			this.pages.add(new PageInfo(page, width, height, bytes));
		}
	}

	/** Stores one page image. */
	public void write(int page, int width, int height, byte[] jpeg) {
		this.store.writePage(this.id, page, jpeg);
		synchronized (this.pages) {
			this.pages.add(new PageInfo(page, width, height, jpeg.length));
		}
	}

	/**
	 * Marks the document complete with the pages written; it is served from now on. {@code document-not-found} when
	 * it was deleted meanwhile (by another replica: this one's lock keeps its own deletes out), and what this
	 * writer stored is removed; {@code render-unavailable} when it was deleted and uploaded again, whose render
	 * the next access completes.
	 */
	public DocumentSummary finish() {
		List<PageInfo> written = pagesSoFar();
		written.sort(Comparator.comparingInt(PageInfo::page));
		long bytes = localPdf().size();
		if (!this.store.writeManifest(this.id, new DocumentStore.Manifest(bytes, written, this.generation))) {
			throw deletedMeanwhile();
		}
		this.settled = true;
		this.finished.run();
		return DocumentSummary.of(this.id, bytes, written);
	}

	/**
	 * Removes the document and everything stored of it: its bytes are not a document that can be served. If it was
	 * deleted meanwhile, and maybe uploaded again, only what this writer stored is removed, never a newer upload.
	 */
	public void discard() {
		this.settled = true;
		if (this.store.generation(this.id).filter(this.generation::equals).isPresent()) {
			this.store.delete(this.id);
		}
		else {
			removeWrittenIfDeleted();
		}
	}

	private RuntimeException deletedMeanwhile() {
		if (removeWrittenIfDeleted()) {
			return DocumentProblems.notFound(this.id);
		}
		return DocumentProblems.notRendered(this.id);
	}

	/** Removes the pages this writer stored if the document is no longer stored; whether it is not. */
	private boolean removeWrittenIfDeleted() {
		if (this.store.hasPdf(this.id)) {
			// Uploaded again: the same bytes make the same pages, which the new upload's render keeps.
			return false;
		}
		List<Integer> numbers = pagesSoFar().stream().map(PageInfo::page).toList();
		if (!numbers.isEmpty()) {
			this.store.deletePages(this.id, numbers);
			// Removed before this writer lets go of the document: no late page of it stays behind.
			synchronized (this.pages) {
				this.pages.clear();
			}
		}
		return true;
	}

	private List<PageInfo> pagesSoFar() {
		synchronized (this.pages) {
			return new ArrayList<>(this.pages);
		}
	}

	private DocumentStore.LocalPdf localPdf() {
		if (this.pdf == null) {
			this.pdf = this.store.openPdf(this.id).orElseThrow(() -> DocumentProblems.notFound(this.id));
		}
		return this.pdf;
	}

	/**
	 * Removes the local copy of the PDF (if one was made) and releases the document's lock. A render that stored
	 * pages and did not finish removes them if the document was deleted meanwhile (by another replica), so a late
	 * write leaves nothing behind.
	 */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		try {
			if (!this.settled && !pagesSoFar().isEmpty()) {
				removeWrittenIfDeleted();
			}
		}
		finally {
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

}
