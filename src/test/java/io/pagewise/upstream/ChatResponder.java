package io.pagewise.upstream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

/**
 * {@code POST /v1/chat/completions} for the vision chat models, plain or streamed ({@code "stream": true}:
 * server-sent {@code data:} chunks, then {@code data: [DONE]}). Like the real reasoning models it reasons first
 * ({@code reasoning_content}) and, when {@code max_tokens} is below what reasoning needs, answers with empty
 * content and {@code finish_reason: "length"}.
 */
final class ChatResponder implements ResponseDefinitionTransformerV2 {

	static final String NAME = "vultr-chat";

	static final Set<String> MODELS = Set.of("Qwen/Qwen3.6-27B", "XiaomiMiMo/MiMo-V2.5-Pro", "moonshotai/Kimi-K2.6");

	static final String REASONING = "Let me look at the attached page before answering.";

	private final StubSettings settings;

	ChatResponder(StubSettings settings) {
		this.settings = settings;
	}

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public boolean applyGlobally() {
		return false;
	}

	@Override
	public ResponseDefinition transform(ServeEvent serveEvent) {
		ResponseDefinition refusal = Admission.refuse(serveEvent.getRequest(), this.settings);
		if (refusal != null) {
			return refusal;
		}
		JsonNode body = Json.parse(serveEvent.getRequest().getBody());
		if (body == null || !body.isObject()) {
			return UpstreamErrors.badRequest("Invalid JSON body", "");
		}
		String model = body.path("model").asString("");
		if (!MODELS.contains(model)) {
			return UpstreamErrors.notFound("The model `" + model + "` does not exist.");
		}
		int images = countImages(body.path("messages"), this.settings);
		if (images < 0) {
			return UpstreamErrors.badRequest("messages: a non-empty list of {role, content} is required, content "
					+ "being a string or a list of text/image_url parts", body.path("messages").toString());
		}
		StubSettings.simulateWork(this.settings.chatLatency, images);
		return answer(body, model);
	}

	private ResponseDefinition answer(JsonNode body, String model) {
		JsonNode maxTokens = body.has("max_tokens") ? body.path("max_tokens") : body.path("max_completion_tokens");
		boolean truncated = maxTokens.isInt() && maxTokens.intValue() < this.settings.minAnswerTokens;
		String content = truncated ? "" : this.settings.answer;
		int completionTokens = truncated ? maxTokens.intValue() : REASONING.length() / 4 + content.length() / 4 + 1;
		Completion completion = new Completion(model, content, truncated ? "length" : "stop",
				Map.of("prompt_tokens", 1200, "completion_tokens", completionTokens, "total_tokens",
						1200 + completionTokens));
		if (body.path("stream").asBoolean(false)) {
			String events = completion.events(body.path("stream_options").path("include_usage").asBoolean(false));
			ResponseDefinitionBuilder response = aResponse().withStatus(200)
				.withHeader("Content-Type", "text/event-stream; charset=utf-8")
				.withBody(events);
			long streaming = this.settings.chatStreaming.toMillis();
			if (streaming > 0) {
				// About one event per chunk (the events are of similar size), spread evenly over the duration.
				response.withChunkedDribbleDelay(events.split("\n\n").length, (int) streaming);
			}
			return response.build();
		}
		// A model takes as long to write an answer whether or not it is streamed.
		return ResponseDefinitionBuilder.like(UpstreamErrors.json(200, Json.write(completion.message())))
			.withFixedDelay((int) this.settings.chatStreaming.toMillis())
			.build();
	}

	/** The number of image parts, or -1 when the messages are not valid. */
	private static int countImages(JsonNode messages, StubSettings settings) {
		if (!messages.isArray() || messages.isEmpty()) {
			return -1;
		}
		int images = 0;
		for (JsonNode message : messages) {
			JsonNode content = message.path("content");
			if (!message.path("role").isString() || !(content.isString() || content.isArray())) {
				return -1;
			}
			for (JsonNode part : content.isArray() ? content : List.<JsonNode>of()) {
				String type = part.path("type").asString("");
				String url = part.path("image_url").path("url").asString("");
				if (type.equals("image_url") && settings.scoreImage(url) != null) {
					images++;
				}
				else if (!(type.equals("text") && part.path("text").isString())) {
					return -1;
				}
			}
		}
		return images;
	}

	private record Completion(String model, String content, String finishReason, Map<String, Integer> usage) {

		Map<String, Object> message() {
			Map<String, Object> message = Map.of("role", "assistant", "content", this.content, "reasoning_content",
					REASONING);
			Map<String, Object> response = envelope("chat.completion");
			response.put("choices",
					List.of(Map.of("index", 0, "message", message, "finish_reason", this.finishReason)));
			response.put("usage", this.usage);
			return response;
		}

		String events(boolean includeUsage) {
			List<Map<String, Object>> chunks = new ArrayList<>();
			chunks.add(chunk(Map.of("role", "assistant", "reasoning_content", REASONING), null));
			for (String piece : this.content.split("(?<= )")) {
				if (!piece.isEmpty()) {
					chunks.add(chunk(Map.of("content", piece), null));
				}
			}
			chunks.add(chunk(Map.of(), this.finishReason));
			if (includeUsage) {
				Map<String, Object> usageChunk = envelope("chat.completion.chunk");
				usageChunk.put("choices", List.of());
				usageChunk.put("usage", this.usage);
				chunks.add(usageChunk);
			}
			StringBuilder events = new StringBuilder();
			chunks.forEach((chunk) -> events.append("data: ").append(Json.write(chunk)).append("\n\n"));
			return events.append("data: [DONE]\n\n").toString();
		}

		private Map<String, Object> chunk(Map<String, Object> delta, @Nullable String finishReason) {
			Map<String, Object> choice = new LinkedHashMap<>();
			choice.put("index", 0);
			choice.put("delta", delta);
			choice.put("finish_reason", finishReason);
			Map<String, Object> chunk = envelope("chat.completion.chunk");
			chunk.put("choices", List.of(choice));
			return chunk;
		}

		private Map<String, Object> envelope(String object) {
			Map<String, Object> envelope = new LinkedHashMap<>();
			envelope.put("id", "chatcmpl-stub");
			envelope.put("object", object);
			envelope.put("created", 1_760_000_000);
			envelope.put("model", this.model);
			return envelope;
		}

	}

}
