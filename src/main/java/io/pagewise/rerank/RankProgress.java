package io.pagewise.rerank;

import org.jspecify.annotations.Nullable;

/**
 * Hears how far a ranking has got, for progress reports: called after each batch is scored, and once when the
 * last page has been batched (so the total is known). Calls may come from different threads, one at a time.
 */
@FunctionalInterface
public interface RankProgress {

	/** Hears nothing. */
	RankProgress NONE = (ranked, total) -> {
	};

	/**
	 * @param ranked batches scored so far
	 * @param total every batch of the ranking, or {@code null} while pages are still arriving
	 */
	void ranked(int ranked, @Nullable Integer total);

}
