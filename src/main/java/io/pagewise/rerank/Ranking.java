package io.pagewise.rerank;

import java.time.Duration;
import java.util.List;

/**
 * Every page of a document ranked for one query.
 *
 * @param model the rerank model that scored the pages
 * @param pages every page, best first (ties: lower page number first)
 * @param upstreamCalls HTTP requests it took, retries and 413 splits included
 * @param tokens tokens the upstream reported
 * @param elapsed wall-clock time from the first page to the last score
 */
public record Ranking(String model, List<RankedPage> pages, int upstreamCalls, long tokens, Duration elapsed) {

	public Ranking {
		pages = List.copyOf(pages);
	}

}
