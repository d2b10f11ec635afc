package io.pagewise.rerank.client;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.pagewise.inference.MalformedResponseException;
import org.jspecify.annotations.Nullable;

/**
 * The body of a {@code /v1/rerank} answer. Results are identified by {@code index} (position in our request's
 * documents) only — never by their order or their {@code document} echo.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record RerankResponse(@Nullable String model, @Nullable Usage usage, @Nullable List<@Nullable Result> results) {

	/**
	 * The score of each of our {@code size} documents, in request order. Anything short of exactly one finite
	 * score per document is a malformed answer: never a silently incomplete ranking.
	 */
	List<Double> scores(int size) {
		if (this.results == null || this.results.size() != size) {
			throw malformed(((this.results != null) ? this.results.size() : 0) + " results for " + size + " documents");
		}
		Double[] scores = new Double[size];
		for (Result result : this.results) {
			if (result == null || result.index() == null || result.relevanceScore() == null
					|| !Double.isFinite(result.relevanceScore())) {
				throw malformed("a result without index or finite score");
			}
			int index = result.index();
			if (index < 0 || index >= size) {
				throw malformed("index " + index + " outside 0.." + (size - 1));
			}
			if (scores[index] != null) {
				throw malformed("index " + index + " appears twice");
			}
			scores[index] = result.relevanceScore();
		}
		return List.of(scores);
	}

	long tokens() {
		if (this.usage == null) {
			return 0;
		}
		Long tokens = (this.usage.totalTokens() != null) ? this.usage.totalTokens() : this.usage.promptTokens();
		return (tokens != null) ? tokens : 0;
	}

	private static MalformedResponseException malformed(String what) {
		return new MalformedResponseException("Unusable rerank response: " + what);
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Result(@Nullable Integer index, @JsonProperty("relevance_score") @Nullable Double relevanceScore) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Usage(@JsonProperty("prompt_tokens") @Nullable Long promptTokens,
			@JsonProperty("total_tokens") @Nullable Long totalTokens) {
	}

}
