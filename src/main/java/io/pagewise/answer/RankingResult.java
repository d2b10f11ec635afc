package io.pagewise.answer;

import java.util.List;

/**
 * A document's pages ranked for one query.
 *
 * @param documentId the document ranked
 * @param query the query as asked
 * @param rerankModel the model that ranked the pages
 * @param ranking the pages, best first (the best {@code topN} when asked for)
 * @param pageCount how many pages were ranked
 * @param upstreamCalls how many rerank calls it took (0 when cached)
 * @param cached whether the ranking was served from the cache
 * @param timings where the time went, in milliseconds
 */
public record RankingResult(String documentId, String query, String rerankModel, List<Answer.Citation> ranking,
		int pageCount, int upstreamCalls, boolean cached, Answer.Timings timings) {

	public RankingResult {
		ranking = List.copyOf(ranking);
	}

}
