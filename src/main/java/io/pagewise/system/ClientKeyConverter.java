package io.pagewise.system;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;

/**
 * Reads the client key a request presents: {@code X-API-Key}, else {@code Authorization: Bearer}. Headers only: a
 * key in the query string would end up in access logs and browser history, so it is never looked at.
 */
final class ClientKeyConverter implements AuthenticationConverter {

	static final String HEADER = "X-API-Key";

	private static final String BEARER = "Bearer ";

	@Override
	public @Nullable Authentication convert(HttpServletRequest request) {
		String key = presentedKey(request);
		return (key != null) ? new PreAuthenticatedAuthenticationToken(ClientKeys.CLIENT, key) : null;
	}

	private static @Nullable String presentedKey(HttpServletRequest request) {
		String header = request.getHeader(HEADER);
		if (header != null && !header.isBlank()) {
			return header.strip();
		}
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return authorization.substring(BEARER.length()).strip();
		}
		return null;
	}

}
