package io.pagewise.page;

import java.time.Duration;

import io.pagewise.PagewiseException;
import org.jspecify.annotations.Nullable;
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

	/** No render worker became free for the document within its time. */
	static PagewiseException saturated(Duration timeout) {
		return unavailable("No render worker was free for " + timeout.toMillis() + " ms.", null);
	}

	/** Shut down, or interrupted: nothing said about the document. */
	static PagewiseException unavailable(Throwable cause) {
		return unavailable("Rendering was interrupted (the service may be shutting down).", cause);
	}

	/**
	 * Rendering failed for a reason that lies in the service, not the document (memory, I/O, a busy render pool, a
	 * failure that did not come back when the page was rendered again alone). The PDF and the pages rendered so far
	 * are kept; the next access resumes with the pages that are missing.
	 */
	static PagewiseException unavailable(String why, @Nullable Throwable cause) {
		PagewiseException problem = new PagewiseException(HttpStatus.SERVICE_UNAVAILABLE, "render-unavailable",
				"Rendering unavailable", why + " The document is kept; try again to finish rendering it.", cause);
		problem.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER.toSeconds()));
		return problem;
	}

}
