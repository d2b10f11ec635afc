package io.pagewise.answer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.pagewise.document.DocumentId;
import io.pagewise.document.DocumentSummary;
import io.pagewise.page.PageImage;
import io.pagewise.page.PageRenderer;
import io.pagewise.rerank.RankProgress;
import io.pagewise.rerank.RankedPage;
import io.pagewise.rerank.Ranking;
import io.pagewise.rerank.Reranker;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Reranks candidate pages from several documents with the one-document {@link Reranker}: the candidates are
 * numbered 1..N as if they were the pages of one document, so batches mix documents and a question costs
 * ceil(N / pages per batch) rerank calls however many documents the pages come from; the numbers map back to
 * (document, page). Each document is rendered on first use, a few documents at a time.
 */
@Component
class CollectionRanker {

	/** Documents rendered (or read) at once; rendering itself is bounded by the render pool. */
	private static final int DOCUMENTS_AT_ONCE = 2;

	private final PageRenderer renderer;

	private final Reranker reranker;

	CollectionRanker(PageRenderer renderer, Reranker reranker) {
		this.renderer = renderer;
		this.reranker = reranker;
	}

	/** The rerank model a request resolves to (validated). */
	String model(@Nullable String requested) {
		return this.reranker.model(requested);
	}

	/**
	 * Every candidate scored, best first; {@code progress} hears of each document rendered and each batch ranked.
	 */
	Mono<Ranked> rank(String query, String model, List<CandidatePage> candidates, Consumer<Step.Progress> progress) {
		return Mono.defer(() -> {
			long start = System.nanoTime();
			AtomicLong renderMs = new AtomicLong();
			Flux<PageImage> images = images(candidates, progress)
				.doOnComplete(() -> renderMs.set(CachedRankings.millisSince(start)));
			RankProgress batches = (ranked, total) -> progress.accept(new Step.Progress("rank", ranked, total));
			return this.reranker.rank(query, model, images, batches)
				.map((ranking) -> new Ranked(cited(ranking, candidates), ranking, renderMs.get(),
						ranking.elapsed().toMillis()));
		});
	}

	/** The images of these pages, numbered 1..N in this order (the chat model's attachments). */
	Mono<List<PageImage>> images(List<CandidatePage> pages) {
		return images(pages, (progress) -> {
		}).collectSortedList((a, b) -> Integer.compare(a.number(), b.number()));
	}

	/** Candidate {@code i} (1-based) as page image {@code i}, document by document as each is rendered. */
	private Flux<PageImage> images(List<CandidatePage> candidates, Consumer<Step.Progress> progress) {
		Map<String, List<Integer>> numbersByDocument = new LinkedHashMap<>();
		for (int i = 0; i < candidates.size(); i++) {
			numbersByDocument.computeIfAbsent(candidates.get(i).documentId(), (id) -> new ArrayList<>()).add(i + 1);
		}
		int documents = numbersByDocument.size();
		AtomicInteger rendered = new AtomicInteger();
		return Flux.fromIterable(numbersByDocument.entrySet())
			.flatMap((entry) -> Mono.fromCallable(() -> this.renderer.summary(DocumentId.of(entry.getKey())))
				.subscribeOn(Schedulers.boundedElastic())
				.doOnNext((summary) -> progress
					.accept(new Step.Progress("render", rendered.incrementAndGet(), documents)))
				.flatMapMany((summary) -> Flux.fromIterable(entry.getValue())
					// Read as the reranker asks for pages, which may be on an HTTP client thread: never block there.
					.concatMap((number) -> Mono.fromCallable(() -> image(number, summary, candidates.get(number - 1)))
						.subscribeOn(Schedulers.boundedElastic()))), DOCUMENTS_AT_ONCE);
	}

	private PageImage image(int number, DocumentSummary summary, CandidatePage candidate) {
		DocumentSummary.Page page = summary.pages().get(candidate.page() - 1);
		byte[] jpeg = this.renderer.page(DocumentId.of(candidate.documentId()), candidate.page());
		return new PageImage(number, page.width(), page.height(), jpeg);
	}

	private static List<CitedPage> cited(Ranking ranking, List<CandidatePage> candidates) {
		List<CitedPage> cited = new ArrayList<>(ranking.pages().size());
		for (RankedPage ranked : ranking.pages()) {
			cited.add(CitedPage.of(candidates.get(ranked.page() - 1), ranked.score()));
		}
		return cited;
	}

	/**
	 * Candidates ranked.
	 *
	 * @param pages every candidate, best first
	 * @param ranking the reranker's ranking (calls, tokens)
	 * @param renderMs until the last candidate's image was read (rendering documents seen for the first time)
	 * @param rerankMs the reranking, overlapping rendering
	 */
	record Ranked(List<CitedPage> pages, Ranking ranking, long renderMs, long rerankMs) {

		Ranked {
			pages = List.copyOf(pages);
		}

	}

}
