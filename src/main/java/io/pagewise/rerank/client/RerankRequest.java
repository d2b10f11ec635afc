package io.pagewise.rerank.client;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of {@code POST /v1/rerank}. {@code topN} is always the number of documents, so that every page
 * comes back with a score.
 */
record RerankRequest(String model, String query, List<ImageDocument> documents, @JsonProperty("top_n") int topN) {

	RerankRequest {
		documents = List.copyOf(documents);
	}

}
