package io.pagewise.answer;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.jspecify.annotations.Nullable;

/**
 * A question about a document.
 *
 * @param question what to answer
 * @param model the rerank model tier (optional)
 * @param chatModel the vision chat model (optional)
 * @param topPages how many of the best pages the chat model sees, 1–5 (optional)
 */
public record AnswerRequest(
		@Schema(example = "Which page shows Q3 revenue?") @NotBlank String question,
		@Schema(example = "vultr/VultronRetrieverFlash-Qwen3.5-0.8B") @Nullable String model,
		@Schema(example = "Qwen/Qwen3.6-27B") @Nullable String chatModel,
		@Schema(example = "1") @Nullable @Min(1) @Max(5) Integer topPages) {

	/** A request built from form fields (checked by {@link Answers} like a JSON body). */
	static AnswerRequest of(String question, @Nullable String model, @Nullable String chatModel,
			@Nullable Integer topPages) {
		return new AnswerRequest(question, model, chatModel, topPages);
	}

}
