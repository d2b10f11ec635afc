package io.pagewise.answer.chat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.pagewise.page.PageImage;
import org.jspecify.annotations.Nullable;

/** The OpenAI-style {@code /v1/chat/completions} wire format, as far as Pagewise uses it. */
final class ChatWire {

	private ChatWire() {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Request(String model, @JsonProperty("max_tokens") int maxTokens, List<Message> messages,
			@Nullable Boolean stream, @JsonProperty("stream_options") @Nullable StreamOptions streamOptions) {

		/** One user message: the instruction and question, then each page labelled and attached as an image. */
		static Request of(String model, int maxTokens, String instruction, List<PageImage> pages, PageLabels labels,
				boolean stream) {
			List<Part> parts = new ArrayList<>();
			parts.add(Part.text(instruction));
			for (PageImage page : pages) {
				parts.add(Part.text(labels.label(page)));
				parts.add(Part.image(page.dataUri()));
			}
			return new Request(model, maxTokens, List.of(new Message("user", parts)), stream ? Boolean.TRUE : null,
					stream ? new StreamOptions(true) : null);
		}

	}

	record Message(String role, List<Part> content) {
	}

	/** Asks a streamed completion to end with a usage chunk. */
	record StreamOptions(@JsonProperty("include_usage") boolean includeUsage) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Part(String type, @Nullable String text, @JsonProperty("image_url") @Nullable ImageUrl imageUrl) {

		static Part text(String text) {
			return new Part("text", text, null);
		}

		static Part image(String dataUri) {
			return new Part("image_url", null, new ImageUrl(dataUri));
		}

	}

	record ImageUrl(String url) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Response(@Nullable String model, @Nullable List<Choice> choices, @Nullable Usage usage) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Choice(@Nullable ResponseMessage message, @Nullable ResponseMessage delta,
			@JsonProperty("finish_reason") @Nullable String finishReason) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record ResponseMessage(@Nullable String content) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Usage(@JsonProperty("prompt_tokens") long promptTokens,
			@JsonProperty("completion_tokens") long completionTokens) {
	}

}
