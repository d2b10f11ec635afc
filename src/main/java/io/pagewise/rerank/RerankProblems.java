package io.pagewise.rerank;

import java.util.Set;
import java.util.TreeSet;

import io.pagewise.PagewiseException;
import org.springframework.http.HttpStatus;

/** The ranking feature's client-facing failures, each with its stable code. */
final class RerankProblems {

	private RerankProblems() {
	}

	static PagewiseException unknownModel(Set<String> allowed) {
		return new PagewiseException(HttpStatus.BAD_REQUEST, "unknown-model", "Unknown rerank model",
				"That rerank model is not offered here; choose one of " + new TreeSet<>(allowed) + ".");
	}

	static PagewiseException pageTooLarge(int page, long bytes, long limit) {
		return new PagewiseException(HttpStatus.UNPROCESSABLE_CONTENT, "page-too-large", "Page too large to rank",
				"Page " + page + " alone needs a " + bytes + "-byte rerank request; the limit is " + limit
						+ " bytes. Render pages at a lower resolution or JPEG quality.");
	}

	static PagewiseException queryTooLong(long bytes, long limit) {
		return new PagewiseException(HttpStatus.BAD_REQUEST, "query-too-long", "Query too long",
				"The query makes a " + bytes + "-byte rerank request before any page; the limit is " + limit
						+ " bytes.");
	}

}
