package io.pagewise.collection;

import io.pagewise.PagewiseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MetadataFilterTests {

	private static final JsonMapper JSON = JsonMapper.shared();

	private static final JsonNode REPORT = json("""
			{"year": 2024, "lang": "en", "tags": ["finance", "q3"], "published": "2024-03-15",
			 "author": {"name": "Ada", "team": "ops"}, "score": 4.5, "draft": false, "note": null}""");

	@Test
	void equalsMatchesStringsNumbersBooleansAndArrayElements() {
		assertThat(matches("{\"lang\": \"en\"}")).isTrue();
		assertThat(matches("{\"year\": 2024.0}")).isTrue();
		assertThat(matches("{\"draft\": false}")).isTrue();
		assertThat(matches("{\"tags\": \"q3\"}")).isTrue();
		assertThat(matches("{\"year\": \"2024\"}")).as("a string is not a number").isFalse();
		assertThat(matches("{\"lang\": {\"$eq\": \"de\"}}")).isFalse();
	}

	@Test
	void inRangesAndDates() {
		assertThat(matches("{\"lang\": {\"$in\": [\"de\", \"en\"]}}")).isTrue();
		assertThat(matches("{\"tags\": {\"$in\": [\"hr\", \"legal\"]}}")).isFalse();
		assertThat(matches("{\"year\": {\"$gte\": 2020, \"$lt\": 2025}}")).isTrue();
		assertThat(matches("{\"year\": {\"$gt\": 2024}}")).isFalse();
		assertThat(matches("{\"score\": {\"$lte\": 4.5}}")).isTrue();
		assertThat(matches("{\"published\": {\"$gte\": \"2024-03-01\", \"$lt\": \"2024-04-01T00:00:00Z\"}}")).isTrue();
		assertThat(matches("{\"published\": {\"$gt\": \"2024-03-15T00:00:00+01:00\"}}")).isTrue();
		assertThat(matches("{\"published\": {\"$lt\": \"2024-01-01\"}}")).isFalse();
		assertThat(matches("{\"lang\": {\"$gt\": \"2020-01-01\"}}")).as("not a date: no match").isFalse();
	}

	@Test
	void existsNestedFieldsAndLogic() {
		assertThat(matches("{\"author.name\": \"Ada\"}")).isTrue();
		assertThat(matches("{\"author.age\": {\"$exists\": false}}")).isTrue();
		assertThat(matches("{\"note\": {\"$exists\": true}}")).as("null is absent").isFalse();
		assertThat(matches("{\"$or\": [{\"lang\": \"de\"}, {\"year\": 2024}]}")).isTrue();
		assertThat(matches("{\"$and\": [{\"lang\": \"de\"}, {\"year\": 2024}]}")).isFalse();
		assertThat(matches("{\"$not\": {\"lang\": \"en\"}}")).isFalse();
		assertThat(matches("{\"lang\": \"en\", \"year\": 2023}")).as("every key must hold").isFalse();
		assertThat(matches("{}")).isTrue();
		assertThat(MetadataFilter.parse(null).test(REPORT)).isTrue();
	}

	@Test
	void aFilterOnAFieldNoDocumentHasMatchesNothing() {
		assertThat(matches("{\"missing\": \"x\"}")).isFalse();
		assertThat(matches("{\"missing\": {\"$gte\": 1}}")).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "[]", "\"year\"", "{\"year\": {\"$regex\": \"2.*\"}}", "{\"$nor\": []}",
			"{\"$or\": []}", "{\"$or\": {\"a\": 1}}", "{\"year\": [2023, 2024]}", "{\"year\": {\"$in\": []}}",
			"{\"year\": {\"$in\": [{\"a\": 1}]}}", "{\"year\": {\"$gte\": \"soon\"}}", "{\"year\": {\"$exists\": 1}}",
			"{\"year\": null}", "{\"year\": {}}", "{\"\": 1}" })
	void aMalformedFilterIsAnInvalidFilterProblem(String filter) {
		assertThatExceptionOfType(PagewiseException.class).isThrownBy(() -> MetadataFilter.parse(json(filter)))
			.satisfies((ex) -> {
				assertThat(ex.code()).isEqualTo("invalid-filter");
				assertThat(ex.getStatusCode().value()).isEqualTo(400);
			});
	}

	@Test
	void aHugeOrDeeplyNestedFilterIsRefused() {
		String deep = "{\"$not\": ".repeat(40) + "{\"a\": 1}" + "}".repeat(40);
		assertThatExceptionOfType(PagewiseException.class).isThrownBy(() -> MetadataFilter.parse(json(deep)));
		StringBuilder wide = new StringBuilder("{\"$or\": [");
		for (int i = 0; i < 500; i++) {
			wide.append((i > 0) ? "," : "").append("{\"a\": ").append(i).append('}');
		}
		assertThatExceptionOfType(PagewiseException.class)
			.isThrownBy(() -> MetadataFilter.parse(json(wide.append("]}").toString())));
	}

	private static boolean matches(String filter) {
		return MetadataFilter.parse(json(filter)).test(REPORT);
	}

	private static JsonNode json(String text) {
		return JSON.readTree(text);
	}

}
