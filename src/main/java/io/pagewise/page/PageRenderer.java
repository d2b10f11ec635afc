package io.pagewise.page;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;

import io.pagewise.document.DocumentId;
import io.pagewise.document.DocumentSummary;
import io.pagewise.document.Documents;
import io.pagewise.document.Upload;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Schedulers;

/**
 * Rendered documents: uploads stored and rendered, a document's summary and page images, rendering whatever is
 * missing first (a new document, or one whose rendering was interrupted). For the rerank pipeline, a document's
 * pages as a stream: the stored pages, or, for a document not rendered yet, each page as soon as it is rendered, so
 * ranking can start before the last page is done.
 */
@Service
public class PageRenderer {

	private final Documents documents;

	private final DocumentRenderer renderer;

	PageRenderer(Documents documents, DocumentRenderer renderer) {
		this.documents = documents;
		this.renderer = renderer;
	}

	/** Stores and renders an upload; {@code created} is false when the same bytes were already known. */
	public Ingested ingest(Upload upload) {
		Documents.Stored stored = this.documents.store(upload);
		return new Ingested(summary(stored.id()), stored.created());
	}

	/** The document's summary, rendering it first if it is not rendered yet. */
	public DocumentSummary summary(DocumentId id) {
		return this.documents.find(id).orElseGet(() -> this.renderer.render(id, PageSink.NONE));
	}

	/** The stored JPEG of one page, exactly as the models see it; the document is rendered first if need be. */
	public byte[] page(DocumentId id, int page) {
		return this.documents.storedPage(id, page).orElseGet(() -> {
			// No such page, no such document, or one not rendered yet: render it if need be, then look again.
			summary(id);
			return this.documents.page(id, page);
		});
	}

	/**
	 * Every page of the document, each exactly once: in page order when already rendered, otherwise in the order
	 * pages finish rendering. Fails with the {@link io.pagewise.PagewiseException} that rendering failed with.
	 * Lookups and rendering block, so they run on the bounded elastic scheduler, never the caller's thread; JPEG
	 * bytes are read from the store only as the subscriber asks for pages.
	 */
	public Flux<PageImage> pages(DocumentId id) {
		return pages(id, (count) -> {
		});
	}

	/**
	 * Like {@link #pages(DocumentId)}, telling {@code pageCount} how many pages there are as soon as that is known:
	 * before the first page, or (for a document another request is rendering) with the pages.
	 */
	public Flux<PageImage> pages(DocumentId id, IntConsumer pageCount) {
		return Flux.<DocumentSummary.Page>create((sink) -> emit(id, sink, pageCount))
			.subscribeOn(Schedulers.boundedElastic())
			// Off the thread that hands over pages: a slow subscriber never holds up rendering.
			.publishOn(Schedulers.boundedElastic())
			.map((page) -> new PageImage(page.page(), page.width(), page.height(),
					this.documents.page(id, page.page())));
	}

	private void emit(DocumentId id, FluxSink<DocumentSummary.Page> sink, IntConsumer pageCount) {
		Optional<DocumentSummary> stored = this.documents.find(id);
		if (stored.isPresent()) {
			pageCount.accept(stored.get().pageCount());
			stored.get().pages().forEach(sink::next);
			sink.complete();
			return;
		}
		Set<Integer> emitted = ConcurrentHashMap.newKeySet();
		DocumentSummary rendered = this.renderer.render(id, new PageSink() {

			@Override
			public void accept(int page, int width, int height, byte[] jpeg) {
				emitted.add(page);
				sink.next(new DocumentSummary.Page(page, width, height, jpeg.length,
						DocumentSummary.imageUrl(id, page)));
			}

			@Override
			public void pageCount(int pages) {
				pageCount.accept(pages);
			}

		});
		if (emitted.isEmpty()) {
			// Another request rendered it while we waited: we were never told the count.
			pageCount.accept(rendered.pageCount());
		}
		// Pages rendered by a concurrent request (or before a crash) never passed through our sink.
		rendered.pages().stream().filter((page) -> !emitted.contains(page.page())).forEach(sink::next);
		sink.complete();
	}

	/** The outcome of an upload. */
	public record Ingested(DocumentSummary summary, boolean created) {
	}

}
