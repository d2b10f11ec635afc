package io.pagewise.answer;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.pagewise.document.DocumentId;
import io.pagewise.document.Documents;
import io.pagewise.inference.InferenceClient;
import io.pagewise.page.PageImage;
import io.pagewise.page.PageRenderer;
import io.pagewise.rerank.Ranking;
import io.pagewise.rerank.Reranker;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A document's pages ranked for a query: from the cache, or by streaming its pages (rendering them first if this
 * is the document's first question) into the reranker, so batches go out while later pages still render.
 */
@Component
class CachedRankings {

	private final Documents documents;

	private final PageRenderer pages;

	private final Reranker reranker;

	private final InferenceClient inference;

	private final ResultCaches caches;

	CachedRankings(Documents documents, PageRenderer pages, Reranker reranker, InferenceClient inference,
			ResultCaches caches) {
		this.documents = documents;
		this.pages = pages;
		this.reranker = reranker;
		this.inference = inference;
		this.caches = caches;
	}

	/** The rerank model a request resolves to (validated). */
	String model(String requested) {
		return this.reranker.model(requested);
	}

	Mono<TimedRanking> ranking(DocumentId id, String query, String model) {
		return ranking(id, query, model, (progress) -> {
		});
	}

	/** The ranking; when computed now, {@code progress} hears of each page rendered and batch ranked. */
	Mono<TimedRanking> ranking(DocumentId id, String query, String model,
			Consumer<AnswerEvents.Progress> progress) {
		ResultCaches.RankingKey key = new ResultCaches.RankingKey(id, model, ResultCaches.normalize(query));
		AtomicLong renderMs = new AtomicLong();
		return this.caches.ranking(key, () -> {
			this.inference.requireConfigured();
			boolean rendered = this.documents.find(id).isPresent();
			long start = System.nanoTime();
			AtomicInteger renderedPages = new AtomicInteger();
			Flux<PageImage> pageImages = this.pages.pages(id)
				.doOnNext((page) -> {
					if (!rendered) {
						progress.accept(new AnswerEvents.Progress("render", renderedPages.incrementAndGet(), null));
					}
				})
				.doOnComplete(() -> renderMs.set(rendered ? 0 : millisSince(start)));
			return this.reranker.rank(query, model, pageImages);
		}).map((lookup) -> new TimedRanking(lookup.value(), lookup.cached(), lookup.cached() ? 0 : renderMs.get(),
				lookup.cached() ? 0 : lookup.value().elapsed().toMillis()));
	}

	static long millisSince(long startNanos) {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
	}

	/** A ranking, whether it was cached, and (when computed now) how long rendering and ranking took. */
	record TimedRanking(Ranking ranking, boolean cached, long renderMs, long rerankMs) {
	}

}
