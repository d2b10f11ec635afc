package io.pagewise.answer;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A collection's pages ranked for one query.
 *
 * @param collection the collection
 * @param query the query as asked
 * @param retriever what ranked the pages: {@code exact}, {@code lexical+rerank} or {@code lexical}
 * @param degraded whether the upstream reranker was wanted but unavailable, so the ranking is lexical
 * @param pagesInCollection the pages of the documents the filter selected
 * @param candidatePages the pages that were scored
 * @param rerankModel the model that reranked the pages, or {@code null} for a lexical ranking
 * @param upstreamCalls rerank calls it took
 * @param rerankTokens tokens the reranker reported
 * @param ranking the best pages, best first
 * @param timings where the time went, in milliseconds
 */
public record CollectionRanking(String collection, String query, Retriever retriever, boolean degraded,
		long pagesInCollection, int candidatePages, @Nullable String rerankModel, int upstreamCalls,
		long rerankTokens, List<CitedPage> ranking, CollectionTimings timings) {

	public CollectionRanking {
		ranking = List.copyOf(ranking);
	}

}
