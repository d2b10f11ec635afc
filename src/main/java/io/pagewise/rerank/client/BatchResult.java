package io.pagewise.rerank.client;

import java.util.List;

/** What one batch call came back with. */
public sealed interface BatchResult {

	/** HTTP requests this batch took, retries included. */
	int attempts();

	/**
	 * Every page of the batch scored.
	 * @param scores one score per page, in the batch's order
	 * @param tokens tokens the upstream reported
	 */
	record Scored(List<Double> scores, long tokens, int attempts) implements BatchResult {

		public Scored {
			scores = List.copyOf(scores);
		}

	}

	/** The upstream refused the body as too large (HTTP 413): split the batch and try the halves. */
	record TooLarge(int attempts) implements BatchResult {
	}

}
