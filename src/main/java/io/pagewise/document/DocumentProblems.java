package io.pagewise.document;

import io.pagewise.PagewiseException;
import org.springframework.http.HttpStatus;

/** The document feature's client-facing failures, each with its stable code. */
final class DocumentProblems {

	private DocumentProblems() {
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
