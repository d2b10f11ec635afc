package io.pagewise.system;

import java.time.Duration;
import java.util.Map;

import io.pagewise.PagewiseException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.util.DisconnectedClientHelper;

/**
 * Turns every failure into an RFC 9457 problem with a stable {@code code}. Spring MVC's own exceptions get a
 * code derived from their status; anything unexpected becomes a bland 500 that is logged here, once, and never
 * shows its message or stack trace to the client.
 */
@RestControllerAdvice
class ProblemHandling extends ResponseEntityExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ProblemHandling.class);

	/** As the document feature's: about as long as a large document takes to render. */
	private static final Duration MEMORY_RETRY_AFTER = Duration.ofSeconds(10);

	private static final Map<Integer, String> CODES = Map.of(400, "invalid-request", 404, "not-found", 405,
			"method-not-allowed", 406, "not-acceptable", 413, "upload-too-large", 415, "unsupported-media-type",
			503, "service-unavailable");

	@Override
	protected @Nullable ResponseEntity<Object> handleMissingServletRequestPart(MissingServletRequestPartException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = ex.getBody();
		problem.setProperty("code", "missing-file");
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleMaxUploadSizeExceededException(
			MaxUploadSizeExceededException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = ex.getBody();
		problem.setTitle("Upload too large");
		problem.setDetail("The upload exceeds the maximum size of "
				+ ((ex.getMaxUploadSize() > 0) ? ex.getMaxUploadSize() + " bytes" : "this service") + ".");
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

	/** A body that is not JSON, or JSON of the wrong shape: 400 saying where, never Jackson's own message. */
	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		UnreadableBody unreadable = UnreadableBody.of(ex);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, unreadable.detail());
		problem.setTitle(unreadable.title());
		problem.setProperty("code", "invalid-request");
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

	/**
	 * A multipart body Tomcat could not read. A client that hung up mid-upload (EOF, ClientAbortException) gets
	 * nothing, since no one is listening, and a DEBUG line; a file name the container refuses (a NUL in it) is
	 * {@code invalid-file-name}; anything else, such as a body cut short of its closing boundary, is
	 * {@code malformed-multipart}. Size limits are handled above, as {@code upload-too-large}.
	 */
	@ExceptionHandler(MultipartException.class)
	@Nullable ResponseEntity<Object> handleMultipart(MultipartException ex, WebRequest request) {
		if (DisconnectedClientHelper.isClientDisconnectedException(ex)) {
			logger.debug("Client hung up during the upload on {} ({})", request.getDescription(false),
					NestedExceptionUtils.getMostSpecificCause(ex).getClass().getSimpleName());
			return null;
		}
		boolean badName = causeNamed(ex, "InvalidFileNameException");
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, badName
				? "The file name contains characters that are not allowed (e.g. NUL)."
				: "The multipart body could not be read (e.g. it ends before its closing boundary).");
		problem.setTitle(badName ? "Invalid file name" : "Malformed multipart body");
		problem.setProperty("code", badName ? "invalid-file-name" : "malformed-multipart");
		logger.debug("Unreadable multipart body on {}: {}", request.getDescription(false),
				NestedExceptionUtils.getMostSpecificCause(ex).getClass().getSimpleName());
		return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
	}

	@ExceptionHandler(PagewiseException.class)
	ResponseEntity<Object> handlePagewise(PagewiseException ex, WebRequest request) {
		if (ex.getStatusCode().is5xxServerError()) {
			logger.warn("{} ({})", ex.getMessage(), rootCauseOf(ex));
		}
		return handleExceptionInternal(ex, ex.getBody(), ex.getHeaders(), ex.getStatusCode(), request);
	}

	@ExceptionHandler(Exception.class)
	@Nullable ResponseEntity<Object> handleUnexpected(Exception ex, WebRequest request) {
		if (outOfMemory(ex)) {
			return handleOutOfMemory(ex, request);
		}
		if (DisconnectedClientHelper.isClientDisconnectedException(ex)) {
			// Not our failure, and no one left to tell: a line for whoever debugs, no stack trace.
			logger.debug("Client hung up on {} ({})", request.getDescription(false),
					NestedExceptionUtils.getMostSpecificCause(ex).getClass().getSimpleName());
			return null;
		}
		logger.error("Unexpected failure on {}", request.getDescription(false), ex);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"Something went wrong on our side; it has been logged.");
		problem.setProperty("code", "internal-error");
		return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
	}

	/**
	 * An OutOfMemoryError no feature mapped (Spring MVC hands errors over wrapped in a ServletException). The heap
	 * was short while this request ran, not necessarily because of it: 503, like the document feature's
	 * {@code insufficient-memory}, instead of a 500. The image does not exit on OutOfMemoryError (see the
	 * Dockerfile): the request's allocations are garbage once its frames unwind, and the service goes on.
	 */
	private ResponseEntity<Object> handleOutOfMemory(Exception ex, WebRequest request) {
		logger.error("Out of memory on {}", request.getDescription(false), ex);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The service ran out of memory while handling this request; try again later.");
		problem.setTitle("Not enough memory");
		problem.setProperty("code", "insufficient-memory");
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, Long.toString(MEMORY_RETRY_AFTER.toSeconds()));
		return handleExceptionInternal(ex, problem, headers, HttpStatus.SERVICE_UNAVAILABLE, request);
	}

	private static boolean outOfMemory(Throwable ex) {
		for (@Nullable Throwable cause = ex; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof OutOfMemoryError) {
				return true;
			}
		}
		return false;
	}

	@Override
	protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		if (body instanceof ProblemDetail problem) {
			if (problem.getProperties() == null || !problem.getProperties().containsKey("code")) {
				problem.setProperty("code", CODES.getOrDefault(status.value(), "http-" + status.value()));
			}
			// A problem describes one request at one moment: never kept by a browser or a shared cache.
			headers = HttpHeaders.copyOf(headers);
			headers.setCacheControl(CacheControl.noStore());
		}
		return super.createResponseEntity(body, headers, status, request);
	}

	/** By simple name: the container's file upload classes are its internals (Tomcat's repackaged FileUpload). */
	private static boolean causeNamed(Throwable ex, String simpleName) {
		for (@Nullable Throwable cause = ex; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause.getClass().getSimpleName().equals(simpleName)) {
				return true;
			}
		}
		return false;
	}

	private static String rootCauseOf(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return (root == ex) ? "no cause" : root.getClass().getSimpleName();
	}

}
