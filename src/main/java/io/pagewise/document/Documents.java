package io.pagewise.document;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

import io.pagewise.PagewiseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * The documents Pagewise knows: store uploads (hash, validate, store durably), look up, read page images, delete,
 * and open a document for storing its pages (which the page feature renders). Mutations of one document are
 * serialized, so concurrent uploads of the same bytes store it once, its pages are stored once, and a delete never
 * interleaves with storing pages. Replicas sharing object storage do not serialize with each other; there, storing
 * is idempotent instead (see {@link S3DocumentStore}), and a delete is final all the same: each upload is a
 * generation, and nothing of a document is served unless the PDF of that generation is stored now.
 */
@Service
public class Documents {

	private static final Logger logger = LoggerFactory.getLogger(Documents.class);

	/** PDF readers accept the header anywhere in the first KiB; so do we. */
	private static final int HEADER_WINDOW = 1024;

	private static final byte[] PDF_MAGIC = "%PDF-".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

	private final DocumentStore store;

	private final ApplicationEventPublisher events;

	private final DocumentLocks locks = new DocumentLocks();

	private final List<Consumer<DocumentId>> renderedListeners = new CopyOnWriteArrayList<>();

	Documents(DocumentStore store, ApplicationEventPublisher events) {
		this.store = store;
		this.events = events;
	}

	/** Stores an upload's PDF durably without rendering it (pages render on first use). */
	public Stored store(Upload upload) {
		Path temp = this.store.newTempFile();
		try {
			Validated validated = copyValidated(upload, temp);
			DocumentId id = validated.id();
			return withLock(id, () -> {
				if (this.store.hasPdf(id)) {
					return new Stored(id, false);
				}
				this.store.adoptPdf(id, temp);
				logger.info("Stored document {} ({} bytes)", id, validated.size());
				return new Stored(id, true);
			});
		}
		finally {
			this.store.deleteQuietly(temp);
		}
	}

	/** The document's summary if it is stored and rendered. */
	public Optional<DocumentSummary> find(DocumentId id) {
		return this.store.manifest(id).map((manifest) -> DocumentSummary.of(id, manifest.bytes(), manifest.pages()));
	}

	/**
	 * The summary of a rendered document; {@code document-not-found} when it is not stored, {@code render-unavailable}
	 * when its pages are not all stored yet (the page feature completes them).
	 */
	public DocumentSummary summary(DocumentId id) {
		return find(id).orElseThrow(() -> unrendered(id));
	}

	/**
	 * The stored JPEG of one page, if it is a page of the document stored now: of a rendered document, within its
	 * pages, or of one still rendering (here or on another replica). A page object alone (written late by a render
	 * that outlived a delete, or beyond a rendered document's pages) is never served.
	 */
	public Optional<byte[]> storedPage(DocumentId id, int page) {
		Optional<DocumentSummary> rendered = find(id);
		if (rendered.isPresent()) {
			return isPage(rendered.get(), page) ? this.store.page(id, page) : Optional.empty();
		}
		return this.store.hasPdf(id) ? this.store.page(id, page) : Optional.empty();
	}

	/** Like {@link #storedPage}, exactly as the models see it, or the problem why it is not served. */
	public byte[] page(DocumentId id, int page) {
		Optional<DocumentSummary> rendered = find(id);
		if (rendered.isPresent()) {
			if (!isPage(rendered.get(), page)) {
				throw DocumentProblems.pageNotFound(id, page);
			}
			return this.store.page(id, page).orElseThrow(() -> DocumentProblems.pageNotFound(id, page));
		}
		if (!this.store.hasPdf(id)) {
			throw DocumentProblems.notFound(id);
		}
		return this.store.page(id, page).orElseThrow(() -> DocumentProblems.notRendered(id));
	}

	private static boolean isPage(DocumentSummary summary, int page) {
		return page >= 1 && page <= summary.pageCount();
	}

	private PagewiseException unrendered(DocumentId id) {
		return this.store.hasPdf(id) ? DocumentProblems.notRendered(id) : DocumentProblems.notFound(id);
	}

	/**
	 * Opens a stored document for storing its pages, holding its lock until the writer is closed: concurrent
	 * callers for the same document wait, then find it complete. {@code document-not-found} when it is not stored,
	 * also when it was deleted while the caller waited for the lock: nothing written through a writer outlives a
	 * delete.
	 */
	public PageWriter open(DocumentId id) {
		Runnable unlock = this.locks.lock(id);
		boolean opened = false;
		try {
			String generation = this.store.generation(id).orElseThrow(() -> DocumentProblems.notFound(id));
			PageWriter writer = new PageWriter(id, generation, this.store, unlock,
					() -> this.renderedListeners.forEach((listener) -> listener.accept(id)));
			opened = true;
			return writer;
		}
		finally {
			if (!opened) {
				unlock.run();
			}
		}
	}

	/**
	 * Calls {@code listener} each time a document's pages have been rendered and stored, on the thread that rendered
	 * them (while it still holds the document), so a listener only queues its work: the text layer is derived this
	 * way, after the render and off the path of the document's first answer.
	 */
	public void whenRendered(Consumer<DocumentId> listener) {
		this.renderedListeners.add(listener);
	}

	/**
	 * Reads the stored PDF as a local file (for derived data such as the text layer), the file valid only inside
	 * {@code reader}; empty when the document is not stored.
	 */
	public <T> Optional<T> readPdf(DocumentId id, Function<Path, T> reader) {
		Optional<DocumentStore.LocalPdf> pdf = this.store.openPdf(id);
		if (pdf.isEmpty()) {
			return Optional.empty();
		}
		try (DocumentStore.LocalPdf local = pdf.get()) {
			return Optional.of(reader.apply(local.path()));
		}
	}

	/** A file derived from the document (see {@link #storeDerived}); empty when it is not stored. */
	public Optional<byte[]> derived(DocumentId id, String name) {
		return this.store.derived(id, name);
	}

	/**
	 * Stores a file derived from the document beside its pages (content-addressed like them, deleted with them).
	 * @return false, storing nothing, when the document is not (or no longer) stored: a deleted document never
	 * comes back through its derived files
	 */
	public boolean storeDerived(DocumentId id, String name, byte[] content) {
		return withLock(id, () -> {
			// Another replica may delete it meanwhile: the store checks again once the file is written.
			return this.store.writeDerived(id, name, content);
		});
	}

	/** Removes the PDF, its pages and (through {@link DocumentDeleted}) every result cached for it. */
	public void delete(DocumentId id) {
		boolean existed = withLock(id, () -> this.store.delete(id));
		if (!existed) {
			throw DocumentProblems.notFound(id);
		}
		logger.info("Deleted document {}", id);
		this.events.publishEvent(new DocumentDeleted(id));
	}

	private Validated copyValidated(Upload upload, Path temp) {
		MessageDigest sha256 = DocumentId.newDigest();
		long size;
		byte[] head;
		try (InputStream in = new DigestInputStream(upload.open(), sha256);
				OutputStream out = Files.newOutputStream(temp)) {
			head = in.readNBytes(HEADER_WINDOW);
			out.write(head);
			size = head.length + in.transferTo(out);
		}
		catch (IOException ex) {
			throw StorageException.of(ex);
		}
		catch (OutOfMemoryError ex) {
			// Copying needs a few small buffers: the heap is exhausted by other work. The caller drops the copy.
			throw DocumentProblems.insufficientMemory(ex);
		}
		if (size == 0) {
			throw DocumentProblems.emptyFile();
		}
		if (!containsPdfHeader(head)) {
			throw DocumentProblems.notAPdf();
		}
		return new Validated(DocumentId.of(sha256), size);
	}

	private static boolean containsPdfHeader(byte[] head) {
		outer: for (int i = 0; i + PDF_MAGIC.length <= head.length; i++) {
			for (int j = 0; j < PDF_MAGIC.length; j++) {
				if (head[i + j] != PDF_MAGIC[j]) {
					continue outer;
				}
			}
			return true;
		}
		return false;
	}

	private <T> T withLock(DocumentId id, java.util.function.Supplier<T> action) {
		Runnable unlock = this.locks.lock(id);
		try {
			return action.get();
		}
		finally {
			unlock.run();
		}
	}

	/** An upload copied to a local file and checked: its identity and size. */
	private record Validated(DocumentId id, long size) {
	}

	/** A stored (maybe not yet rendered) upload. */
	public record Stored(DocumentId id, boolean created) {
	}

	/** Published after a document is removed, so features holding derived results can drop them. */
	public record DocumentDeleted(DocumentId id) {
	}

}
