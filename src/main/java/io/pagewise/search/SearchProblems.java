package io.pagewise.search;

import io.pagewise.PagewiseException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** The search feature's client-facing failures. */
final class SearchProblems {

	private SearchProblems() {
	}

	/** The index cannot be opened or written (disk, permissions, another process holding it). */
	static PagewiseException unavailable(Throwable cause) {
		PagewiseException problem = new PagewiseException(HttpStatus.SERVICE_UNAVAILABLE, "search-unavailable",
				"Search unavailable", "The page index of this instance cannot be used right now; try again later.",
				cause);
		problem.getHeaders().set(HttpHeaders.RETRY_AFTER, "30");
		return problem;
	}

}
