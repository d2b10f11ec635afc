package io.pagewise.system;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Spring Security's refusals as problems: no key or a wrong one (401 {@code unauthorized}, with
 * {@code WWW-Authenticate}), a refused authenticated call (403 {@code forbidden}) and a request its firewall
 * rejects (400 {@code request-rejected}: an encoded slash or period, a {@code ;} parameter, {@code //} or
 * {@code /../}, a control character).
 */
final class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

	private static final Logger logger = LoggerFactory.getLogger(SecurityProblems.class);

	private final ProblemWriter problems;

	SecurityProblems(ProblemWriter problems) {
		this.problems = problems;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		this.problems.write(request, response, HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized",
				"Send a valid API key as X-API-Key or Authorization: Bearer.");
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
			throws IOException {
		this.problems.write(request, response, HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
				"This key may not make this request.");
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException ex)
			throws IOException {
		// The firewall's message names what it refused; it is about the URI the client sent, never a secret.
		logger.debug("Request rejected: {}", ex.getMessage());
		this.problems.write(request, response, HttpStatus.BAD_REQUEST, "request-rejected", "Request rejected",
				"The request's URL or headers are not allowed (e.g. an encoded slash or period, a ';' parameter, "
						+ "'//' or '/../').");
	}

}
