package io.pagewise.page;

import java.time.Duration;

import io.pagewise.PagewiseException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** The page feature's client-facing failures, each with its stable code. */
final class RenderProblems {

	/** About how long a large document takes to render: by then the memory other renders held is free again. */
	private static final Duration RETRY_AFTER = Duration.ofSeconds(10);

	private RenderProblems() {
	}

	static PagewiseException encrypted(Throwable cause) {
		return new PagewiseException(HttpStatus.UNPROCESSABLE_CONTENT, "pdf-encrypted", "Encrypted PDF",
				"The PDF needs a password or certificate to open; upload an unprotected copy.", cause);
	}

	static PagewiseException unreadable(Throwable cause) {
		return new PagewiseException(HttpStatus.UNPROCESSABLE_CONTENT, "pdf-unreadable", "Unreadable PDF",
				"The PDF is damaged or malformed and could not be rendered.", cause);
	}

	static PagewiseException noPages() {
		return new PagewiseException(HttpStatus.UNPROCESSABLE_CONTENT, "pdf-no-pages", "PDF without pages",
				"The PDF has no pages to render.");
	}

	static PagewiseException tooManyPages(int pages, int maxPages) {
		return new PagewiseException(HttpStatus.UNPROCESSABLE_CONTENT, "too-many-pages", "Too many pages",
				"The PDF declares " + pages + " pages; at most " + maxPages + " are accepted.");
	}

	static PagewiseException imageTooLarge(long bytes, long maxBytes) {
		return new PagewiseException(HttpStatus.UNPROCESSABLE_CONTENT, "pdf-too-complex", "PDF too complex",
				"The PDF contains an image that decodes to " + bytes + " bytes; at most " + maxBytes
						+ " are rendered.");
	}

	static PagewiseException tooComplex(Throwable cause) {
		return new PagewiseException(HttpStatus.UNPROCESSABLE_CONTENT, "pdf-too-complex", "PDF too complex",
				"A page of the PDF needs more memory to render than this service allows.", cause);
	}

	static PagewiseException pageTimeout(int page, Duration timeout) {
		String what = (page == 0) ? "Opening the PDF" : "Rendering page " + page;
		return new PagewiseException(HttpStatus.UNPROCESSABLE_CONTENT, "render-timeout", "Rendering took too long",
				what + " took longer than " + timeout.toMillis() + " ms.");
	}

	static PagewiseException documentTimeout(Duration timeout) {
		return new PagewiseException(HttpStatus.UNPROCESSABLE_CONTENT, "render-timeout", "Rendering took too long",
				"Rendering the PDF took longer than " + timeout.toMillis() + " ms.");
	}

	/** Out of memory while taking in a document: the service's condition, not proof against the document. */
	static PagewiseException insufficientMemory(Throwable cause) {
		PagewiseException problem = new PagewiseException(HttpStatus.SERVICE_UNAVAILABLE, "insufficient-memory",
				"Not enough memory", "The service ran out of memory while taking in this document and kept nothing "
						+ "of it. Try again later; if it keeps failing, this instance has too little memory for it.",
				cause);
		problem.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER.toSeconds()));
		return problem;
	}

	static PagewiseException unavailable(Throwable cause) {
		return new PagewiseException(HttpStatus.SERVICE_UNAVAILABLE, "render-unavailable", "Rendering unavailable",
				"The service is shutting down; try again.", cause);
	}

}
