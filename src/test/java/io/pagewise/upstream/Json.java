package io.pagewise.upstream;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The stub's JSON reading and writing (Jackson 3, independent of the application's mapper). */
final class Json {

	static final JsonMapper MAPPER = JsonMapper.builder().build();

	private Json() {
	}

	/** The parsed body, or {@code null} when it is not JSON. */
	static @Nullable JsonNode parse(byte[] body) {
		try {
			return MAPPER.readTree(body);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	static String write(Object value) {
		return MAPPER.writeValueAsString(value);
	}

	static String quote(String text) {
		return write(text);
	}

}
