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
 * A question about a collection's documents.
 *
 * @param question what to answer
 * @param filter a metadata filter on the collection's documents (optional)
 * @param documentIds only these documents of the collection (optional)
 * @param topPages how many of the best pages (from any document) the chat model sees, 1–5 (optional)
 * @param model the rerank model tier (optional)
 * @param chatModel the vision chat model (optional)
 * @param candidates how many pages the first stage hands to the reranker (optional)
 */
public record CollectionAnswerRequest(@Schema(example = "Which report shows Q3 revenue?") @NotBlank String question,
		@Schema(example = "{\"year\": {\"$gte\": 2023}}") @Nullable JsonNode filter,
		@Nullable @Size(max = 10000) List<String> documentIds,
		@Schema(example = "1") @Nullable @Min(1) @Max(5) Integer topPages,
		@Schema(example = "vultr/VultronRetrieverFlash-Qwen3.5-0.8B") @Nullable String model,
		@Schema(example = "Qwen/Qwen3.6-27B") @Nullable String chatModel,
		@Schema(example = "100") @Nullable @Min(1) @Max(1000) Integer candidates) {

	/** The question as a single-document request, checked by {@link Question#of} the same way. */
	AnswerRequest asQuestion() {
		return new AnswerRequest(this.question, this.model, this.chatModel, this.topPages);
	}

}
