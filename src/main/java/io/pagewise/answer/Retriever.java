package io.pagewise.answer;

import java.util.Arrays;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;
import io.pagewise.PagewiseException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * How pages are ranked: {@code exact} reranks every page, {@code lexical+rerank} reranks the first stage's
 * candidates, {@code lexical} is BM25 alone (no upstream). {@code auto} (a request's default) picks exact or
 * lexical+rerank by the number of pages.
 */
public enum Retriever {

	AUTO("auto"), EXACT("exact"), LEXICAL_RERANK("lexical+rerank"), LEXICAL("lexical");

	private final String value;

	Retriever(String value) {
		this.value = value;
	}

	@JsonValue
	String value() {
		return this.value;
	}

	/** A request's retriever: {@code auto} when absent; {@code invalid-request} when unknown. */
	static Retriever of(@Nullable String requested) {
		if (requested == null || requested.isBlank()) {
			return AUTO;
		}
		String wanted = requested.strip().toLowerCase(Locale.ROOT);
		return Arrays.stream(values())
			.filter((retriever) -> retriever.value.equals(wanted))
			.findFirst()
			.orElseThrow(() -> new PagewiseException(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
					"retriever must be one of auto, exact, lexical+rerank, lexical."));
	}

	/** Whether it calls the upstream reranker. */
	boolean reranks() {
		return this == EXACT || this == LEXICAL_RERANK;
	}

}
