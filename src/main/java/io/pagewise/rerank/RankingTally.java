package io.pagewise.rerank;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the batches of one ranking as they complete, in any order. */
final class RankingTally {

	private static final Comparator<RankedPage> BEST_FIRST = Comparator.comparingDouble(RankedPage::score)
		.reversed()
		.thenComparingInt(RankedPage::page);

	private final List<RankedPage> pages = new ArrayList<>();

	private int calls;

	private long tokens;

	void add(BatchScores batch) {
		this.pages.addAll(batch.pages());
		this.calls += batch.calls();
		this.tokens += batch.tokens();
	}

	Ranking ranking(String model, Duration elapsed) {
		List<RankedPage> ranked = new ArrayList<>(this.pages);
		ranked.sort(BEST_FIRST);
		return new Ranking(model, ranked, this.calls, this.tokens, elapsed);
	}

}
