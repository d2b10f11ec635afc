package io.pagewise.system;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;

/**
 * Checks a presented client key against the configured ones, in constant time. Spring Security has no provider
 * for static API keys (its bearer-token support is for OAuth2 tokens), so this one is written here: it compares
 * SHA-256 digests with {@link MessageDigest#isEqual}, against every key without stopping early, so neither the
 * key's length nor which key matched shows in the timing.
 */
final class ClientKeys implements AuthenticationProvider {

	/** The principal of every authenticated call: keys identify a client, not a user. */
	static final String CLIENT = "client";

	private final List<byte[]> digests;

	ClientKeys(List<String> keys) {
		this.digests = keys.stream().map(ClientKeys::digest).toList();
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		Object presented = authentication.getCredentials();
		if (!(presented instanceof String key) || !matches(key)) {
			throw new BadCredentialsException("Unknown client key");
		}
		return new PreAuthenticatedAuthenticationToken(CLIENT, null, AuthorityUtils.createAuthorityList("ROLE_CLIENT"));
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return PreAuthenticatedAuthenticationToken.class.isAssignableFrom(authentication);
	}

	boolean matches(String presented) {
		byte[] candidate = digest(presented);
		boolean valid = false;
		for (byte[] key : this.digests) {
			valid |= MessageDigest.isEqual(candidate, key);
		}
		return valid;
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
