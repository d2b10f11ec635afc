package io.pagewise.answer;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A query to rank a collection's pages by.
 *
 * @param query what the pages should answer
 * @param filter a metadata filter on the collection's documents (optional; see the Collections section of the
 * README)
 * @param documentIds only these documents of the collection (optional)
 * @param topN how many pages to return, best first (default 10)
 * @param model the rerank model tier (optional)
 * @param candidates how many pages the first stage hands to the reranker (default
 * {@code pagewise.collections.candidates})
 * @param retriever {@code auto} (default), {@code exact}, {@code lexical+rerank} or {@code lexical}
 */
public record CollectionRankingRequest(@Schema(example = "Which page shows Q3 revenue?") @NotBlank String query,
		@Schema(example = "{\"year\": {\"$gte\": 2023}}") @Nullable JsonNode filter,
		@Nullable @Size(max = 10000) List<String> documentIds,
		@Schema(example = "10") @Nullable @Min(1) @Max(1000) Integer topN,
		@Schema(example = "vultr/VultronRetrieverFlash-Qwen3.5-0.8B") @Nullable String model,
		@Schema(example = "100") @Nullable @Min(1) @Max(1000) Integer candidates,
		@Schema(example = "auto", allowableValues = { "auto", "exact", "lexical+rerank", "lexical" })
		@Nullable String retriever) {
}
