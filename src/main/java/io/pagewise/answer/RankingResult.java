package io.pagewise.answer;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A document's pages ranked for one query.
 *
 * @param documentId the document ranked
 * @param query the query as asked
 * @param rerankModel the model that ranked the pages, or {@code null} for a lexical ranking
 * @param ranking the pages, best first (the best {@code topN} when asked for)
 * @param pageCount how many pages were ranked
 * @param upstreamCalls how many rerank calls it took (0 when cached or lexical)
 * @param cached whether the ranking was served from the cache
 * @param timings where the time went, in milliseconds
 * @param retriever what ranked the pages: {@code exact} (the reranker, every page) or {@code lexical}
 * @param degraded whether the reranker was wanted but the upstream was unavailable, so the ranking is lexical
 */
public record RankingResult(String documentId, String query, @Nullable String rerankModel,
		List<Answer.Citation> ranking, int pageCount, int upstreamCalls, boolean cached, Answer.Timings timings,
		Retriever retriever, boolean degraded) {

	public RankingResult {
		ranking = List.copyOf(ranking);
	}

	/** A ranking by the reranker. */
	public RankingResult(String documentId, String query, String rerankModel, List<Answer.Citation> ranking,
			int pageCount, int upstreamCalls, boolean cached, Answer.Timings timings) {
		this(documentId, query, rerankModel, ranking, pageCount, upstreamCalls, cached, timings, Retriever.EXACT,
				false);
	}

}
