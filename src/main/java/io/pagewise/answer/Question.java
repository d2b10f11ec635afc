package io.pagewise.answer;

import java.util.function.Function;

import io.pagewise.PagewiseException;
import io.pagewise.answer.cache.ResultKey;
import io.pagewise.answer.chat.VisionChat;
import io.pagewise.document.DocumentId;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * A checked question: its text, the models that rank and answer, and how many pages the chat model sees.
 *
 * @param text the question, stripped
 * @param rerankModel the rerank model
 * @param chatModel the vision chat model
 * @param topPages how many of the best pages go to the chat model
 */
record Question(String text, String rerankModel, String chatModel, int topPages) {

	/**
	 * The request checked against the configuration: the one place a question is validated.
	 * @param rerankModel resolves the requested rerank model (the default when absent), rejecting unknown ones
	 */
	static Question of(AnswerRequest request, AnswerProperties properties, Function<@Nullable String, String> rerankModel) {
		String chatModel = (request.chatModel() != null) ? request.chatModel() : properties.model();
		if (!properties.models().contains(chatModel)) {
			throw new PagewiseException(HttpStatus.BAD_REQUEST, "unknown-model", "Unknown chat model",
					"Chat model '" + chatModel + "' is not one of " + properties.models() + ".");
		}
		int topPages = (request.topPages() != null) ? request.topPages() : properties.topPages();
		if (topPages < 1 || topPages > 5) {
			throw invalid("topPages must be between 1 and 5.");
		}
		return new Question(text(request.question(), properties), rerankModel.apply(request.model()), chatModel,
				topPages);
	}

	/** A question's or a query's text, checked and stripped. */
	static String text(@Nullable String text, AnswerProperties properties) {
		if (text == null || text.isBlank()) {
			throw invalid("The question must not be blank.");
		}
		if (text.length() > properties.maxQuestionLength()) {
			throw new PagewiseException(HttpStatus.BAD_REQUEST, "question-too-long", "Question too long",
					"A question may have at most " + properties.maxQuestionLength() + " characters.");
		}
		return text.strip();
	}

	/** What this question's answer about the document is cached under. */
	ResultCaches.AnswerKey key(DocumentId id) {
		return new ResultCaches.AnswerKey(id, this.rerankModel, this.chatModel, ResultKey.normalize(this.text),
				this.topPages, VisionChat.PROMPT_VERSION);
	}

	private static PagewiseException invalid(String detail) {
		return new PagewiseException(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail);
	}

}
