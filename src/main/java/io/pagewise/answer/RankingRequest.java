package io.pagewise.answer;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.jspecify.annotations.Nullable;

/**
 * A query to rank a document's pages by.
 *
 * @param query what the pages should answer
 * @param model the rerank model tier (optional)
 * @param topN return only the best N pages (optional; default every page)
 * @param retriever {@code auto} (default: the reranker) or {@code lexical} (BM25 over the page texts; no upstream
 * key needed)
 */
public record RankingRequest(@Schema(example = "Which page shows Q3 revenue?") @NotBlank String query,
		@Schema(example = "vultr/VultronRetrieverFlash-Qwen3.5-0.8B") @Nullable String model,
		@Nullable @Min(1) Integer topN,
		@Schema(example = "auto", allowableValues = { "auto", "exact", "lexical" }) @Nullable String retriever) {

	/** A request for the reranker's ranking. */
	public RankingRequest(String query, @Nullable String model, @Nullable Integer topN) {
		this(query, model, topN, null);
	}

}
