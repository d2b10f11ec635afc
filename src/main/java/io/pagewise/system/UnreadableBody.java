package io.pagewise.system;

import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * What was wrong with a request body Spring MVC could not read, in words a client can act on: where the JSON broke
 * (line and column) or which field had the wrong type. Never Jackson's own message, which names Java classes. The
 * {@code code} stays {@code invalid-request} in every case, as it always was for clients that switch on it.
 *
 * @param title the problem's {@code title}
 * @param detail the problem's {@code detail}
 */
record UnreadableBody(String title, String detail) {

	static UnreadableBody of(HttpMessageNotReadableException ex) {
		Throwable cause = ex.getMostSpecificCause();
		if (cause instanceof DatabindException wrongShape) {
			Class<?> type = (wrongShape instanceof MismatchedInputException mismatch) ? mismatch.getTargetType() : null;
			String subject = wrongShape.getPath().isEmpty() ? "The request body"
					: "The field `" + pathOf(wrongShape) + "`";
			return new UnreadableBody("Invalid request", subject + " " + expected(type) + ".");
		}
		if (cause instanceof StreamReadException malformed) {
			return new UnreadableBody("Malformed JSON",
					"The request body is not valid JSON: " + reasonOf(malformed) + at(malformed.getLocation()) + ".");
		}
		return new UnreadableBody("Invalid request", "The request needs a JSON body.");
	}

	private static String pathOf(JacksonException ex) {
		return ex.getPath()
			.stream()
			.map((step) -> (step.getPropertyName() != null) ? step.getPropertyName() : "[" + step.getIndex() + "]")
			.collect(Collectors.joining("."))
			.replace(".[", "[");
	}

	private static String expected(@Nullable Class<?> type) {
		if (type == null) {
			return "has a value that cannot be used";
		}
		if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
			return "must be a number";
		}
		if (type == Boolean.class || type == boolean.class) {
			return "must be true or false";
		}
		if (type == String.class || type.isEnum()) {
			return "must be a string";
		}
		return (Iterable.class.isAssignableFrom(type) || type.isArray()) ? "must be an array" : "must be an object";
	}

	/** Jackson's first words, e.g. "Unexpected end-of-input", before it describes its own input source. */
	private static String reasonOf(JacksonException ex) {
		String message = (ex.getOriginalMessage() != null) ? ex.getOriginalMessage() : "";
		int end = message.indexOf(':');
		String reason = ((end > 0) ? message.substring(0, end) : message).strip();
		boolean plain = !reason.isEmpty() && !reason.contains("[") && !reason.contains("`");
		return plain ? lowerFirst(reason) : "it cannot be parsed";
	}

	private static String lowerFirst(String text) {
		return Character.toLowerCase(text.charAt(0)) + text.substring(1);
	}

	private static String at(@Nullable TokenStreamLocation location) {
		return (location == null || location.getLineNr() < 1) ? ""
				: " at line " + location.getLineNr() + ", column " + location.getColumnNr();
	}

}
