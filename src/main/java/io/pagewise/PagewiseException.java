package io.pagewise;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A failure a client can act on: rendered as an RFC 9457 problem with a stable {@code code} property
 * that frontends switch on. Features subclass or instantiate it; the web layer renders it unchanged.
 */
public class PagewiseException extends ErrorResponseException {

	private final String code;

	public PagewiseException(HttpStatusCode status, String code, String title, String detail) {
		this(status, code, title, detail, null);
	}

	public PagewiseException(HttpStatusCode status, String code, String title, String detail,
			@Nullable Throwable cause) {
		super(status, problem(status, code, title, detail), cause);
		this.code = code;
	}

	public String code() {
		return this.code;
	}

	@Override
	public String getMessage() {
		return this.code + ": " + getBody().getDetail();
	}

	private static ProblemDetail problem(HttpStatusCode status, String code, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		problem.setProperty("code", code);
		return problem;
	}

}
