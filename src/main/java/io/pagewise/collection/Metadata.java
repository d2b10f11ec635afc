package io.pagewise.collection;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Metadata of a collection or a membership: a JSON object of at most {@link #MAX_CHARS} characters once
 * serialized, stored as text (the same column type in H2 and PostgreSQL).
 */
record Metadata(ObjectNode node) {

	static final int MAX_CHARS = 16_384;

	private static final JsonMapper JSON = JsonMapper.shared();

	/** What a client sent; absent or null is the empty object. */
	static Metadata of(@Nullable JsonNode json) {
		if (json == null || json.isNull() || json.isMissingNode()) {
			return new Metadata(JSON.createObjectNode());
		}
		if (!(json instanceof ObjectNode object)) {
			throw CollectionProblems.invalidMetadata("(e.g. {\"year\": 2024}), not " + json.getNodeType());
		}
		Metadata metadata = new Metadata(object.deepCopy());
		if (metadata.json().length() > MAX_CHARS) {
			throw CollectionProblems.invalidMetadata("of at most " + MAX_CHARS + " characters");
		}
		return metadata;
	}

	/** What the database holds (written by {@link #json()}). */
	static Metadata parse(String json) {
		try {
			return new Metadata((ObjectNode) JSON.readTree(json));
		}
		catch (JacksonException | ClassCastException ex) {
			throw new IllegalStateException("Stored metadata is not a JSON object", ex);
		}
	}

	/** RFC 7396 JSON merge patch: keys in {@code patch} replace, a null value removes, nested objects merge. */
	Metadata merge(JsonNode patch) {
		ObjectNode merged = this.node.deepCopy();
		mergeInto(merged, Metadata.of(patch).node());
		return Metadata.of(merged);
	}

	private static void mergeInto(ObjectNode target, ObjectNode patch) {
		for (Map.Entry<String, JsonNode> entry : patch.properties()) {
			JsonNode value = entry.getValue();
			if (value.isNull()) {
				target.remove(entry.getKey());
			}
			else if (value instanceof ObjectNode object && target.get(entry.getKey()) instanceof ObjectNode existing) {
				mergeInto(existing, object);
			}
			else {
				target.set(entry.getKey(), value.deepCopy());
			}
		}
	}

	String json() {
		return JSON.writeValueAsString(this.node);
	}

}
