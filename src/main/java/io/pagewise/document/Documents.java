package io.pagewise.document;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;

import io.pagewise.PagewiseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * The documents Pagewise knows: ingest (hash, validate, store durably, render), look up, read page images,
 * delete. Mutations of one document are serialized, so concurrent uploads of the same bytes store and render
 * it once, and a delete never interleaves with a render. Replicas sharing object storage do not serialize with
 * each other; there, storing and rendering are idempotent instead (see {@link S3DocumentStore}).
 */
@Service
public class Documents {

	private static final Logger logger = LoggerFactory.getLogger(Documents.class);

	/** PDF readers accept the header anywhere in the first KiB; so do we. */
	private static final int HEADER_WINDOW = 1024;

	private static final byte[] PDF_MAGIC = "%PDF-".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

	private final DocumentStore store;

	private final PageRasterizer rasterizer;

	private final ApplicationEventPublisher events;

	private final ReentrantLock[] locks = new ReentrantLock[256];

	private final List<Consumer<DocumentId>> renderedListeners = new CopyOnWriteArrayList<>();

	Documents(DocumentStore store, PageRasterizer rasterizer, ApplicationEventPublisher events) {
		this.store = store;
		this.rasterizer = rasterizer;
		this.events = events;
		for (int i = 0; i < this.locks.length; i++) {
			this.locks[i] = new ReentrantLock();
		}
	}

	/** Stores and renders an upload; {@code created} is false when the same bytes were already known. */
	public Ingested ingest(Upload upload) {
		Stored stored = store(upload);
		return new Ingested(render(stored.id(), (page, width, height, jpeg) -> {
		}), stored.created());
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

	/**
	 * The rendered document: renders the pages that are missing (a new document, or one whose rendering a
	 * crash interrupted), handing each newly rendered page to {@code sink} as soon as it is stored.
	 */
	public DocumentSummary render(DocumentId id, PageRasterizer.PageSink sink) {
		return withLock(id, () -> {
			Optional<DocumentSummary> known = find(id);
			if (known.isPresent()) {
				return known.get();
			}
			return rasterize(id, sink);
		});
	}

	/** The document's summary if it is stored and rendered. */
	public Optional<DocumentSummary> find(DocumentId id) {
		return this.store.manifest(id).map((manifest) -> DocumentSummary.of(id, manifest.bytes(), manifest.pages()));
	}

	/** The document's summary, rendering it first if a crash left it unrendered. */
	public DocumentSummary summary(DocumentId id) {
		return find(id).orElseGet(() -> render(id, (page, width, height, jpeg) -> {
		}));
	}

	/** The stored JPEG of one page, exactly as the models see it; rendered first if a crash left it unrendered. */
	public byte[] page(DocumentId id, int page) {
		return this.store.page(id, page).orElseGet(() -> repairedPage(id, page));
	}

	/** A page is missing: no such page, no such document, or a crash interrupted the document's rendering. */
	private byte[] repairedPage(DocumentId id, int page) {
		if (find(id).isPresent()) {
			throw DocumentProblems.pageNotFound(id, page);
		}
		DocumentSummary summary = summary(id);
		if (page < 1 || page > summary.pageCount()) {
			throw DocumentProblems.pageNotFound(id, page);
		}
		// Deleted since it was rendered, if still missing.
		return this.store.page(id, page).orElseThrow(() -> DocumentProblems.notFound(id));
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
			if (!this.store.hasPdf(id)) {
				return false;
			}
			this.store.writeDerived(id, name, content);
			return true;
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

	private DocumentSummary rasterize(DocumentId id, PageRasterizer.PageSink sink) {
		List<PageInfo> pages = new ArrayList<>();
		DocumentStore.LocalPdf pdf = this.store.openPdf(id).orElseThrow(() -> DocumentProblems.notFound(id));
		try (pdf) {
			this.rasterizer.rasterize(pdf.path(), storing(id, pages, sink));
			pages.sort(Comparator.comparingInt(PageInfo::page));
			this.store.writeManifest(id, new DocumentStore.Manifest(pdf.size(), pages));
		}
		catch (PagewiseException ex) {
			if (ex.getStatusCode().is4xxClientError()) {
				// The bytes are not a document we can serve: keep nothing of them.
				this.store.delete(id);
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
			this.store.delete(id);
			throw DocumentProblems.insufficientMemory(ex);
		}
		this.renderedListeners.forEach((listener) -> listener.accept(id));
		return DocumentSummary.of(id, pdf.size(), pages);
	}

	/** Stores each page the rasterizer hands over, notes it for the manifest, then passes it on. */
	private PageRasterizer.PageSink storing(DocumentId id, List<PageInfo> pages, PageRasterizer.PageSink sink) {
		return new PageRasterizer.PageSink() {

			@Override
			public void accept(int page, int width, int height, byte[] jpeg) {
				Documents.this.store.writePage(id, page, jpeg);
				synchronized (pages) {
					pages.add(new PageInfo(page, width, height, jpeg.length));
				}
				sink.accept(page, width, height, jpeg);
			}

			@Override
			public void pageCount(int count) {
				sink.pageCount(count);
			}

		};
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
		// Striped by id: bounded memory, and unrelated documents rarely share a stripe.
		ReentrantLock lock = this.locks[Math.floorMod(id.value().hashCode(), this.locks.length)];
		lock.lock();
		try {
			return action.get();
		}
		finally {
			lock.unlock();
		}
	}

	/** An upload copied to a local file and checked: its identity and size. */
	private record Validated(DocumentId id, long size) {
	}

	/** The outcome of an upload. */
	public record Ingested(DocumentSummary summary, boolean created) {
	}

	/** A stored (maybe not yet rendered) upload. */
	public record Stored(DocumentId id, boolean created) {
	}

	/** Published after a document is removed, so features holding derived results can drop them. */
	public record DocumentDeleted(DocumentId id) {
	}

}
