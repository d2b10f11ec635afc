package io.pagewise.collection;

import java.time.Duration;

import io.pagewise.PagewiseException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** The collection feature's client-facing failures, each with its stable code. */
final class CollectionProblems {

	/** About how long a database restart or a failover takes. */
	private static final Duration CATALOG_RETRY_AFTER = Duration.ofSeconds(5);

	private CollectionProblems() {
	}

	static PagewiseException invalidName() {
		return new PagewiseException(HttpStatus.BAD_REQUEST, "invalid-collection-name", "Invalid collection name",
				"A collection name is 1 to 64 characters: lowercase letters, digits, '.', '_' and '-', starting "
						+ "with a letter or digit.");
	}

	static PagewiseException notFound(String name) {
		return new PagewiseException(HttpStatus.NOT_FOUND, "collection-not-found", "Collection not found",
				"There is no collection named " + name + ".");
	}

	static PagewiseException exists(String name) {
		return new PagewiseException(HttpStatus.CONFLICT, "collection-exists", "Collection exists",
				"A collection named " + name + " exists already.");
	}

	static PagewiseException memberNotFound(String name, String documentId) {
		return new PagewiseException(HttpStatus.NOT_FOUND, "document-not-found", "Document not in collection",
				"Document " + documentId + " is not in collection " + name + ".");
	}

	static PagewiseException invalidFilter(String reason) {
		return new PagewiseException(HttpStatus.BAD_REQUEST, "invalid-filter", "Invalid filter",
				"The metadata filter is malformed: " + reason + ".");
	}

	static PagewiseException invalidMetadata(String reason) {
		return new PagewiseException(HttpStatus.BAD_REQUEST, "invalid-metadata", "Invalid metadata",
				"Metadata must be a JSON object " + reason + ".");
	}

	static PagewiseException invalidRequest(String detail) {
		return new PagewiseException(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail);
	}

	static PagewiseException concurrentModification(String name) {
		return new PagewiseException(HttpStatus.CONFLICT, "concurrent-modification", "Edited concurrently",
				"Collection " + name + " kept changing while this edit was applied; send it again.");
	}

	/** The database is unreachable or not migrated: the service's condition, retried by the next request. */
	static PagewiseException catalogUnavailable(Throwable cause) {
		PagewiseException problem = new PagewiseException(HttpStatus.SERVICE_UNAVAILABLE, "catalog-unavailable",
				"Collections unavailable", "The collections database cannot be reached right now; try again later.",
				cause);
		problem.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(CATALOG_RETRY_AFTER.toSeconds()));
		return problem;
	}

}
