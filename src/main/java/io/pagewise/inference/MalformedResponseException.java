package io.pagewise.inference;

/**
 * An upstream answered 2xx with a body we cannot use (incomplete results, missing fields). Throw it from an
 * attempt: it counts as transient (retried), and ends in {@code upstream-unavailable} if it persists — never in a
 * silently wrong result. The message must not contain the request or the response body.
 */
public class MalformedResponseException extends RuntimeException {

	public MalformedResponseException(String message) {
		super(message);
	}

}
