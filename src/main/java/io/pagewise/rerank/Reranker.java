package io.pagewise.rerank;

import java.time.Duration;
import java.util.List;
import java.util.function.IntSupplier;

import io.pagewise.inference.InferenceClient;
import io.pagewise.page.PageImage;
import io.pagewise.rerank.client.BatchResult;
import io.pagewise.rerank.client.RerankBody;
import io.pagewise.rerank.client.RerankClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Ranks every page of a document for one query: pages are packed into byte-budgeted batches as they arrive,
 * the batches are scored concurrently (bounded per ranking, and globally by the {@link InferenceClient}), and
 * the scores are merged by global page number.
 */
@Service
public class Reranker {

	private static final Logger logger = LoggerFactory.getLogger(Reranker.class);

	/** Pages the planner may pull ahead of the batches in flight: lets rendering run ahead, boundedly. */
	private static final int PAGE_PREFETCH = 32;

	private final RerankClient client;

	private final InferenceClient inference;

	private final RerankProperties properties;

	Reranker(RerankClient client, InferenceClient inference, RerankProperties properties) {
		this.client = client;
		this.inference = inference;
		this.properties = properties;
	}

	/**
	 * Ranks every page for one query. Pages may arrive over time (while still rendering): a batch goes out as
	 * soon as it is complete, the last partial one when {@code pages} completes.
	 * @param model one of the allowed rerank models, or {@code null} for the default
	 * @return every page, best first; or an {@code UpstreamException}, or a {@code PagewiseException}
	 * ({@code unknown-model}, {@code page-too-large}, {@code query-too-long}, {@code upstream-not-configured})
	 */
	public Mono<Ranking> rank(String query, @Nullable String model, Flux<PageImage> pages) {
		return rank(query, model, pages, RankProgress.NONE);
	}

	/** Like {@link #rank(String, String, Flux)}, telling {@code progress} as batches are scored. */
	public Mono<Ranking> rank(String query, @Nullable String model, Flux<PageImage> pages, RankProgress progress) {
		return rank(query, model, pages, () -> 0, progress);
	}

	/**
	 * Like {@link #rank(String, String, Flux, RankProgress)}, for a document of a known length: batches are then
	 * sized so that the upstream calls available now (at most {@code pagewise.rerank.concurrency}) share its
	 * pages evenly and finish together, each body still under the byte budget.
	 * @param pageCount the document's page count, 0 if unknown; asked when the first page arrives
	 */
	public Mono<Ranking> rank(String query, @Nullable String model, Flux<PageImage> pages, IntSupplier pageCount,
			RankProgress progress) {
		return Mono.defer(() -> {
			String chosen = model(model);
			this.inference.requireConfigured();
			RerankBody body = RerankBody.of(chosen, query);
			BatchPlanner planner = new BatchPlanner(body, this.properties.maxRequestBytes().toBytes(),
					this.properties.maxPagesPerBatch(), () -> share(pageCount.getAsInt()));
			BatchProgress batches = new BatchProgress(progress);
			long start = System.nanoTime();
			return pages.concatMapIterable(planner::add, PAGE_PREFETCH)
				.concatWith(Flux.defer(() -> Flux.fromIterable(planner.finish())))
				.doOnNext((batch) -> batches.planned())
				.doOnComplete(batches::allPlanned)
				.flatMap((batch) -> rankBatch(body, batch).doOnComplete(batches::ranked), this.properties.concurrency())
				.collect(RankingTally::new, RankingTally::add)
				.map((tally) -> tally.ranking(chosen, Duration.ofNanos(System.nanoTime() - start)));
		});
	}

	/** Pages per batch that spread the document over the calls free now, never fewer than the floor. */
	private int share(int pageCount) {
		int calls = Math.clamp(this.inference.availableCalls(), 1, this.properties.concurrency());
		int even = BatchPlanner.evenShare(pageCount, calls);
		return (even == 0) ? 0 : Math.max(even, this.properties.minPagesPerSplit());
	}

	private Flux<BatchScores> rankBatch(RerankBody body, List<PageImage> batch) {
		return this.client.rerank(body, batch).flatMapMany((result) -> switch (result) {
			case BatchResult.Scored scored -> Flux.just(BatchScores.of(batch, scored));
			case BatchResult.TooLarge tooLarge -> split(body, batch, tooLarge);
		});
	}

	/** The upstream's limit is lower than our budget assumed: rank each half, recursively. */
	private Flux<BatchScores> split(RerankBody body, List<PageImage> batch, BatchResult.TooLarge tooLarge) {
		logger.warn("The upstream refused a {}-page rerank batch as too large; splitting it "
				+ "(consider lowering pagewise.rerank.max-request-bytes)", batch.size());
		int middle = batch.size() / 2;
		return Flux.just(BatchScores.callsOnly(tooLarge.attempts()))
			.concatWith(Flux.just(batch.subList(0, middle), batch.subList(middle, batch.size()))
				.concatMap((half) -> rankBatch(body, half)));
	}

	/** The model a request resolves to: the default when none is asked for; an allowed tier otherwise. */
	public String model(@Nullable String requested) {
		if (requested == null || requested.isBlank()) {
			return this.properties.model();
		}
		if (!this.properties.models().contains(requested)) {
			throw RerankProblems.unknownModel(this.properties.models());
		}
		return requested;
	}

}
