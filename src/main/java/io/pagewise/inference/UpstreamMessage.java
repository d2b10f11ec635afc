package io.pagewise.inference;

import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The human part of an upstream error body, safe to show our client: only the message field (OpenAI
 * {@code error.message}, vLLM {@code message}, FastAPI {@code detail}), cut before any echo of our input,
 * without data URIs or the key, and short.
 */
final class UpstreamMessage {

	private static final int MAX_LENGTH = 200;

	/** Validation errors (pydantic and friends) quote the offending input after these markers. */
	private static final Pattern INPUT_ECHO = Pattern.compile("(?i)(input_value|input:|\\binput=|\"input\").*",
			Pattern.DOTALL);

	private static final Pattern DATA_URI = Pattern.compile("data:[^\\s\"',}]*");

	private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\s]+");

	private UpstreamMessage() {
	}

	static String of(WebClientResponseException response, @Nullable String apiKey) {
		String message = isJson(response) ? fromJson(response.getResponseBodyAsByteArray()) : null;
		if (message == null || message.isBlank()) {
			return response.getStatusText().isBlank() ? "no message" : response.getStatusText();
		}
		return sanitize(message, apiKey);
	}

	static String sanitize(String message, @Nullable String apiKey) {
		String safe = INPUT_ECHO.matcher(message).replaceFirst("[input omitted]");
		safe = DATA_URI.matcher(safe).replaceAll("data:[omitted]");
		if (apiKey != null) {
			safe = safe.replace(apiKey, "[redacted]");
		}
		safe = CONTROL.matcher(safe).replaceAll(" ").strip();
		return (safe.length() > MAX_LENGTH) ? safe.substring(0, MAX_LENGTH) + "…" : safe;
	}

	private static boolean isJson(WebClientResponseException response) {
		MediaType type = response.getHeaders().getContentType();
		return type == null || type.isCompatibleWith(MediaType.APPLICATION_JSON)
				|| type.getSubtype().endsWith("+json");
	}

	private static @Nullable String fromJson(byte[] body) {
		try {
			JsonNode root = JsonMapper.shared().readTree(body);
			return Stream.of(root.path("error").path("message"), root.path("error"), root.path("message"),
					root.path("detail"), root.path("detail").path(0).path("msg"))
				.filter(JsonNode::isString)
				.map(JsonNode::asString)
				.findFirst()
				.orElse(null);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

}
