package io.pagewise.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets {@code /api/**} calls through only with a configured client key, compared in constant time. Health
 * probes, Swagger UI and the web page stay open. A plain filter rather than Spring Security: one header check
 * does not warrant a security filter chain.
 */
class ApiKeyFilter extends OncePerRequestFilter {

	private final List<byte[]> keyDigests;

	private final boolean protectPrometheus;

	private final ProblemWriter problems;

	ApiKeyFilter(SecurityProperties properties, ProblemWriter problems) {
		this.keyDigests = properties.apiKeys().stream().map(ApiKeyFilter::digest).toList();
		this.protectPrometheus = properties.protectPrometheus();
		this.problems = problems;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		boolean protectedPath = path.startsWith("/api/")
				|| (this.protectPrometheus && path.startsWith("/actuator/prometheus"));
		boolean preflight = HttpMethod.OPTIONS.matches(request.getMethod())
				&& request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) != null;
		return this.keyDigests.isEmpty() || !protectedPath || preflight;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (isValid(presentedKey(request))) {
			chain.doFilter(request, response);
			return;
		}
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		this.problems.write(request, response, HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized",
				"Send a valid API key as X-API-Key or Authorization: Bearer.");
	}

	private boolean isValid(@Nullable String presented) {
		if (presented == null) {
			return false;
		}
		byte[] candidate = digest(presented);
		boolean valid = false;
		for (byte[] key : this.keyDigests) {
			// Compare with every key, without stopping early, so timing says nothing about which matched.
			valid |= MessageDigest.isEqual(candidate, key);
		}
		return valid;
	}

	private static @Nullable String presentedKey(HttpServletRequest request) {
		String header = request.getHeader("X-API-Key");
		if (header != null && !header.isBlank()) {
			return header.strip();
		}
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return authorization.substring(7).strip();
		}
		return null;
	}

	private static byte[] digest(String key) {
		try {
			// Equal-length digests keep MessageDigest.isEqual constant-time whatever the key lengths.
			return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JVM ships SHA-256", ex);
		}
	}

}
