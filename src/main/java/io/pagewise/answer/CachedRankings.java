package io.pagewise.answer;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.pagewise.answer.cache.ResultKey;
import io.pagewise.document.DocumentId;
import io.pagewise.document.DocumentSummary;
import io.pagewise.document.Documents;
import io.pagewise.inference.InferenceClient;
import io.pagewise.page.PageImage;
import io.pagewise.page.PageRenderer;
import io.pagewise.rerank.Ranking;
import io.pagewise.rerank.Reranker;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A document's pages ranked for a query: lexically, or (reranked) from the cache, or by streaming its pages (rendering them first if this
 * is the document's first question) into the reranker, so batches go out while later pages still render.
 */
@Component
class CachedRankings {

	private final Documents documents;

	private final PageRenderer pages;

	private final Reranker reranker;

	private final InferenceClient inference;

	private final ResultCaches caches;

	private final LexicalRanker lexical;

	CachedRankings(Documents documents, PageRenderer pages, Reranker reranker, InferenceClient inference,
			ResultCaches caches, LexicalRanker lexical) {
		this.documents = documents;
		this.pages = pages;
		this.reranker = reranker;
		this.inference = inference;
		this.caches = caches;
		this.lexical = lexical;
	}

	/** The rerank model a request resolves to (validated). */
	String model(@Nullable String requested) {
		return this.reranker.model(requested);
	}

	/** Whether the reranker can be asked at all (an upstream key is configured). */
	boolean rerankerConfigured() {
		return this.inference.configured();
	}

	/** Every page ranked by BM25 over its text (no upstream, not cached: the index answers in milliseconds). */
	List<Answer.Citation> lexical(DocumentId id, String query) {
		return this.lexical.document(id, query);
	}

	Mono<TimedRanking> ranking(DocumentId id, String query, String model) {
		return ranking(id, query, model, (progress) -> {
		});
	}

	/**
	 * The ranking; when computed now, {@code progress} hears of each page rendered (for a document rendering now,
	 * out of its page count as soon as the PDF is open) and of each batch ranked (out of the number of batches,
	 * once every page is batched). A request that joins a ranking already in flight hears nothing.
	 */
	Mono<TimedRanking> ranking(DocumentId id, String query, String model,
			Consumer<Step.Progress> progress) {
		ResultCaches.RankingKey key = new ResultCaches.RankingKey(id, model, ResultKey.normalize(query));
		AtomicLong renderMs = new AtomicLong();
		return this.caches.ranking(key, () -> {
			this.inference.requireConfigured();
			Optional<DocumentSummary> stored = this.documents.find(id);
			AtomicInteger pageCount = new AtomicInteger(stored.map(DocumentSummary::pageCount).orElse(0));
			boolean rendered = stored.isPresent();
			long start = System.nanoTime();
			Flux<PageImage> pageImages = rendered ? this.pages.pages(id)
					: rendering(id, progress, pageCount).doOnComplete(() -> renderMs.set(millisSince(start)));
			// Knowing the length lets the reranker split the document over the upstream calls free now.
			return this.reranker.rank(query, model, pageImages, pageCount::get,
					(ranked, total) -> progress.accept(new Step.Progress("rank", ranked, total)));
		}).map((lookup) -> new TimedRanking(lookup.value(), lookup.cached(),
				lookup.cached() ? 0 : renderMs.get(), lookup.cached() ? 0 : lookup.value().elapsed().toMillis()));
	}

	/** A document's pages as they render, reported as render progress. */
	private Flux<PageImage> rendering(DocumentId id, Consumer<Step.Progress> progress,
			AtomicInteger pageCount) {
		AtomicInteger rendered = new AtomicInteger();
		AtomicReference<@Nullable Integer> total = new AtomicReference<>();
		return this.pages.pages(id, (count) -> {
			total.set(count);
			pageCount.set(count);
			progress.accept(new Step.Progress("render", 0, count));
		}).doOnNext((page) -> progress.accept(new Step.Progress("render", rendered.incrementAndGet(),
				total.get())));
	}

	static long millisSince(long startNanos) {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
	}

	/** A ranking, whether it was cached, and (when computed now) how long rendering and ranking took. */
	record TimedRanking(Ranking ranking, boolean cached, long renderMs, long rerankMs) {
	}

}
