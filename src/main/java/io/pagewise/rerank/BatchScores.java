package io.pagewise.rerank;

import java.util.ArrayList;
import java.util.List;

import io.pagewise.page.PageImage;
import io.pagewise.rerank.client.BatchResult;

/** What one upstream answer contributed to a ranking: global page numbers with their scores, and its cost. */
record BatchScores(List<RankedPage> pages, int calls, long tokens) {

	BatchScores {
		pages = List.copyOf(pages);
	}

	/** Scores arrive in batch order; the batch knows each position's global page number. */
	static BatchScores of(List<PageImage> batch, BatchResult.Scored scored) {
		List<RankedPage> pages = new ArrayList<>(batch.size());
		for (int i = 0; i < batch.size(); i++) {
			pages.add(new RankedPage(batch.get(i).number(), scored.scores().get(i)));
		}
		return new BatchScores(pages, scored.attempts(), scored.tokens());
	}

	/** Calls that scored nothing (a batch refused as too large). */
	static BatchScores callsOnly(int calls) {
		return new BatchScores(List.of(), calls, 0);
	}

}
