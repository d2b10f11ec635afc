package io.pagewise.collection;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** JSON that arrives as a text parameter (a query's filter, a multipart form's metadata), parsed or refused. */
@Component
class FilterParameter {

	/** Far more than a filter of a few hundred conditions needs. */
	private static final int MAX_CHARS = 16_384;

	private final JsonMapper json;

	FilterParameter(JsonMapper json) {
		this.json = json;
	}

	@Nullable JsonNode filter(@Nullable String text) {
		if (text == null || text.isBlank()) {
			return null;
		}
		if (text.length() > MAX_CHARS) {
			throw CollectionProblems.invalidFilter("longer than " + MAX_CHARS + " characters");
		}
		try {
			return this.json.readTree(text);
		}
		catch (JacksonException ex) {
			throw CollectionProblems.invalidFilter("not valid JSON");
		}
	}

	@Nullable JsonNode metadata(@Nullable String text) {
		if (text == null || text.isBlank()) {
			return null;
		}
		try {
			return this.json.readTree(text);
		}
		catch (JacksonException ex) {
			throw CollectionProblems.invalidMetadata("(the metadata part is not valid JSON)");
		}
	}

}
