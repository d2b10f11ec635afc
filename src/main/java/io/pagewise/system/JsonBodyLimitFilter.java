package io.pagewise.system;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses JSON bodies over the configured size before anything reads them (multipart uploads have their own
 * limit). A body without a declared length is refused too: no frontend needs to stream a question.
 */
class JsonBodyLimitFilter extends OncePerRequestFilter {

	private final long maxBytes;

	private final ProblemWriter problems;

	JsonBodyLimitFilter(SecurityProperties properties, ProblemWriter problems) {
		this.maxBytes = properties.maxJsonBody().toBytes();
		this.problems = problems;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String type = request.getContentType();
		return type == null || !json(type);
	}

	/** A type that does not parse is not JSON: Spring MVC answers it with a 415 problem. */
	private static boolean json(String type) {
		try {
			return MediaType.APPLICATION_JSON.isCompatibleWith(MediaType.parseMediaType(type));
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long length = request.getContentLengthLong();
		if (length < 0 || length > this.maxBytes) {
			this.problems.write(request, response, HttpStatus.CONTENT_TOO_LARGE, "request-too-large",
					"Request too large", "JSON bodies must declare their length and stay under " + this.maxBytes
							+ " bytes.");
			return;
		}
		chain.doFilter(request, response);
	}

}
