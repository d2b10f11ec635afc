package io.pagewise.page;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;

import io.pagewise.document.DocumentId;
import io.pagewise.document.DocumentSummary;
import io.pagewise.document.Documents;
import io.pagewise.document.PageRasterizer;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Schedulers;

/**
 * A document's page images for the rerank pipeline: the stored pages, or, for a document not rendered yet, each
 * page as soon as it is rendered, so ranking can start before the last page is done.
 */
@Service
public class PageRenderer {

	private final Documents documents;

	PageRenderer(Documents documents) {
		this.documents = documents;
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
		DocumentSummary rendered = this.documents.render(id, new PageRasterizer.PageSink() {

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

}
