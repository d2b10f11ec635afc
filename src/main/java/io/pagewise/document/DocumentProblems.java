package io.pagewise.document;

import java.time.Duration;

import io.pagewise.PagewiseException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** The document feature's client-facing failures, each with its stable code. */
final class DocumentProblems {

	/** About how long a large document takes to render: by then the memory other renders held is free again. */
	private static final Duration MEMORY_RETRY_AFTER = Duration.ofSeconds(10);

	private DocumentProblems() {
	}

	/** Out of memory while taking in a document: the service's condition, not proof against the document. */
	static PagewiseException insufficientMemory(Throwable cause) {
		PagewiseException problem = new PagewiseException(HttpStatus.SERVICE_UNAVAILABLE, "insufficient-memory",
				"Not enough memory", "The service ran out of memory while taking in this document and kept nothing "
						+ "of it. Try again later; if it keeps failing, this instance has too little memory for it.",
				cause);
		problem.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(MEMORY_RETRY_AFTER.toSeconds()));
		return problem;
	}

	/** The PDF is stored but not all its pages are: an earlier render did not finish, and the next one resumes it. */
	static PagewiseException notRendered(DocumentId id) {
		PagewiseException problem = new PagewiseException(HttpStatus.SERVICE_UNAVAILABLE, "render-unavailable",
				"Rendering unavailable", "Document " + id + " is stored but its pages are not rendered yet; try again.");
		problem.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(MEMORY_RETRY_AFTER.toSeconds()));
		return problem;
	}

	static PagewiseException notFound(DocumentId id) {
		return new PagewiseException(HttpStatus.NOT_FOUND, "document-not-found", "Document not found",
				"No document with id " + id + " is stored here; upload it first.");
	}

	static PagewiseException pageNotFound(DocumentId id, int page) {
		return new PagewiseException(HttpStatus.NOT_FOUND, "page-not-found", "Page not found",
				"Document " + id + " has no page " + page + ".");
	}

	static PagewiseException emptyFile() {
		return new PagewiseException(HttpStatus.BAD_REQUEST, "empty-file", "Empty file",
				"The uploaded file is empty; send a PDF.");
	}

	static PagewiseException notAPdf() {
		return new PagewiseException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "not-a-pdf", "Not a PDF",
				"The uploaded file does not start with a PDF header (%PDF-).");
	}

}
