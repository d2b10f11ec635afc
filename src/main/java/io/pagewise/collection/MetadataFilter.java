package io.pagewise.collection;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A condition on a membership's metadata, in a MongoDB-like JSON shape that vector stores (Chroma, Pinecone)
 * made familiar: {@code {"year": 2024}} (equals), {@code {"lang": {"$in": ["en", "de"]}}},
 * {@code {"year": {"$gte": 2020, "$lt": 2025}}}, {@code {"published": {"$gte": "2024-01-01"}}} (ISO-8601 dates),
 * {@code {"tags": {"$exists": true}}}, {@code {"$and": [...]}}, {@code {"$or": [...]}}, {@code {"$not": {...}}}.
 * Several keys in one object must all hold; a dotted key reaches into nested objects; a field holding an array
 * matches when any element does. Hand-written: no library evaluates such filters over JSON in memory, and the
 * SQL/JSON functions of H2 and PostgreSQL differ too much to share one translation.
 */
sealed interface MetadataFilter {

	/** Nesting and size bounds: a filter is a few conditions, not a program. */
	int MAX_DEPTH = 16;

	int MAX_CONDITIONS = 200;

	MetadataFilter ALL = new And(List.of());

	boolean test(JsonNode metadata);

	/** Parses a filter; {@code null} or an empty object matches everything. */
	static MetadataFilter parse(@Nullable JsonNode json) {
		if (json == null || json.isNull() || json.isMissingNode()) {
			return ALL;
		}
		return new Parser().filter(json, 0);
	}

	record And(List<MetadataFilter> all) implements MetadataFilter {

		public boolean test(JsonNode metadata) {
			return this.all.stream().allMatch((filter) -> filter.test(metadata));
		}

	}

	record Or(List<MetadataFilter> any) implements MetadataFilter {

		public boolean test(JsonNode metadata) {
			return this.any.stream().anyMatch((filter) -> filter.test(metadata));
		}

	}

	record Not(MetadataFilter filter) implements MetadataFilter {

		public boolean test(JsonNode metadata) {
			return !this.filter.test(metadata);
		}

	}

	record Exists(String field, boolean exists) implements MetadataFilter {

		public boolean test(JsonNode metadata) {
			JsonNode value = MetadataFilter.valueAt(metadata, this.field);
			return (value != null && !value.isNull()) == this.exists;
		}

	}

	/** Equals one of {@code values} (one value for plain equality). */
	record In(String field, List<JsonNode> values) implements MetadataFilter {

		public boolean test(JsonNode metadata) {
			return anyElement(MetadataFilter.valueAt(metadata, this.field),
					(element) -> this.values.stream().anyMatch((value) -> Scalar.same(element, value)));
		}

	}

	/** A bound on numbers or ISO-8601 dates: {@code sign} is the accepted sign(s) of compare(field, bound). */
	record Range(String field, String operator, Comparable<?> bound) implements MetadataFilter {

		public boolean test(JsonNode metadata) {
			return anyElement(MetadataFilter.valueAt(metadata, this.field), (element) -> Scalar.compare(element, this.bound)
				.map((order) -> switch (this.operator) {
					case "$gt" -> order > 0;
					case "$gte" -> order >= 0;
					case "$lt" -> order < 0;
					default -> order <= 0;
				})
				.orElse(false));
		}

	}

	private static @Nullable JsonNode valueAt(JsonNode metadata, String path) {
		JsonNode node = metadata;
		for (String part : path.split("\\.", -1)) {
			node = (node != null && node.isObject()) ? node.get(part) : null;
		}
		return node;
	}

	private static boolean anyElement(@Nullable JsonNode value, java.util.function.Predicate<JsonNode> test) {
		if (value == null || value.isNull()) {
			return false;
		}
		if (value.isArray()) {
			return value.values().stream().anyMatch(test);
		}
		return test.test(value);
	}

	/** How scalar metadata values compare: numbers by value, dates by instant, strings and booleans exactly. */
	final class Scalar {

		private Scalar() {
		}

		static boolean same(JsonNode a, JsonNode b) {
			if (a.isNumber() && b.isNumber()) {
				return a.decimalValue().compareTo(b.decimalValue()) == 0;
			}
			return (a.isString() || a.isBoolean()) && a.equals(b);
		}

		@SuppressWarnings({ "unchecked", "rawtypes" })
		static Optional<Integer> compare(JsonNode value, Comparable<?> bound) {
			if (bound instanceof BigDecimal number) {
				return value.isNumber() ? Optional.of(value.decimalValue().compareTo(number)) : Optional.empty();
			}
			return (value.isString() ? instant(value.asString()) : Optional.<Instant>empty())
				.map((instant) -> ((Comparable) instant).compareTo(bound));
		}

		/** An ISO-8601 date ({@code 2024-03-01}, at UTC midnight), date-time with offset, or local date-time (UTC). */
		static Optional<Instant> instant(String text) {
			try {
				if (text.length() == 10) {
					return Optional.of(LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant());
				}
				return Optional.of(OffsetDateTime.parse(text).toInstant());
			}
			catch (DateTimeParseException ex) {
				try {
					return Optional.of(LocalDateTime.parse(text).toInstant(ZoneOffset.UTC));
				}
				catch (DateTimeParseException notLocal) {
					return Optional.empty();
				}
			}
		}

	}

	/** Turns the JSON shape into conditions, refusing anything ambiguous with {@code invalid-filter}. */
	final class Parser {

		private int conditions;

		MetadataFilter filter(JsonNode json, int depth) {
			if (!json.isObject()) {
				throw CollectionProblems.invalidFilter("a filter is a JSON object, e.g. {\"year\": 2024}");
			}
			if (depth > MAX_DEPTH) {
				throw CollectionProblems.invalidFilter("nested deeper than " + MAX_DEPTH + " levels");
			}
			List<MetadataFilter> all = new ArrayList<>();
			for (Map.Entry<String, JsonNode> entry : json.properties()) {
				all.add(entry.getKey().startsWith("$") ? logical(entry.getKey(), entry.getValue(), depth)
						: field(entry.getKey(), entry.getValue()));
			}
			return (all.size() == 1) ? all.get(0) : new And(all);
		}

		private MetadataFilter logical(String operator, JsonNode operand, int depth) {
			counted();
			return switch (operator) {
				case "$and" -> new And(filters(operator, operand, depth));
				case "$or" -> new Or(filters(operator, operand, depth));
				case "$not" -> new Not(filter(operand, depth + 1));
				default -> throw CollectionProblems
					.invalidFilter("unknown operator " + quoted(operator) + " (use $and, $or, $not)");
			};
		}

		private List<MetadataFilter> filters(String operator, JsonNode operand, int depth) {
			if (!operand.isArray() || operand.isEmpty()) {
				throw CollectionProblems.invalidFilter(operator + " takes a non-empty array of filters");
			}
			return operand.values().stream().map((filter) -> filter(filter, depth + 1)).toList();
		}

		private MetadataFilter field(String field, JsonNode condition) {
			if (field.isBlank() || field.length() > 200) {
				throw CollectionProblems.invalidFilter("a field name is 1 to 200 characters");
			}
			if (!condition.isObject()) {
				counted();
				return new In(field, List.of(scalar(field, condition)));
			}
			if (condition.isEmpty()) {
				throw CollectionProblems.invalidFilter("the condition on " + quoted(field) + " is empty");
			}
			List<MetadataFilter> all = new ArrayList<>();
			for (Map.Entry<String, JsonNode> entry : condition.properties()) {
				counted();
				all.add(operator(field, entry.getKey(), entry.getValue()));
			}
			return (all.size() == 1) ? all.get(0) : new And(all);
		}

		private MetadataFilter operator(String field, String operator, JsonNode operand) {
			return switch (operator) {
				case "$eq" -> new In(field, List.of(scalar(field, operand)));
				case "$in" -> new In(field, list(field, operand));
				case "$gt", "$gte", "$lt", "$lte" -> new Range(field, operator, bound(field, operator, operand));
				case "$exists" -> {
					if (!operand.isBoolean()) {
						throw CollectionProblems.invalidFilter("$exists on " + quoted(field) + " takes true or false");
					}
					yield new Exists(field, operand.booleanValue());
				}
				default -> throw CollectionProblems.invalidFilter("unknown operator " + quoted(operator) + " on "
						+ quoted(field) + " (use $eq, $in, $gt, $gte, $lt, $lte, $exists; nested fields as a.b)");
			};
		}

		private List<JsonNode> list(String field, JsonNode operand) {
			if (!operand.isArray() || operand.isEmpty()) {
				throw CollectionProblems.invalidFilter("$in on " + quoted(field) + " takes a non-empty array");
			}
			return operand.values().stream().map((value) -> scalar(field, value)).toList();
		}

		private static JsonNode scalar(String field, JsonNode value) {
			if (!(value.isString() || value.isNumber() || value.isBoolean())) {
				throw CollectionProblems.invalidFilter("the value for " + quoted(field)
						+ " must be a string, number or boolean (use $in for lists, $exists for presence)");
			}
			return value;
		}

		private static Comparable<?> bound(String field, String operator, JsonNode operand) {
			if (operand.isNumber()) {
				return operand.decimalValue();
			}
			Optional<Instant> instant = operand.isString() ? Scalar.instant(operand.asString()) : Optional.empty();
			return instant.orElseThrow(() -> CollectionProblems.invalidFilter(operator + " on " + quoted(field)
					+ " takes a number or an ISO-8601 date (2024-03-01 or 2024-03-01T12:00:00Z)"));
		}

		private void counted() {
			if (++this.conditions > MAX_CONDITIONS) {
				throw CollectionProblems.invalidFilter("more than " + MAX_CONDITIONS + " conditions");
			}
		}

		private static String quoted(String text) {
			return "'" + ((text.length() > 40) ? text.substring(0, 40) + "…" : text) + "'";
		}

	}

}
