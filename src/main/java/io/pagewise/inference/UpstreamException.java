package io.pagewise.inference;

import java.time.Duration;
import java.util.Optional;

import io.pagewise.PagewiseException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * A call to the inference service failed for good (after any retries). Its {@link #code() code} tells a client
 * what to do: {@code upstream-rejected} (fix the request), {@code upstream-unauthorized} (fix the key),
 * {@code upstream-unavailable} (try again later) or {@code upstream-timeout}. Its detail never contains our
 * request, the page images or the key.
 */
public class UpstreamException extends PagewiseException {

	private final int upstreamStatus;

	UpstreamException(HttpStatus status, String code, String title, String detail, int upstreamStatus,
			@Nullable Throwable cause) {
		super(status, code, title, detail, cause);
		this.upstreamStatus = upstreamStatus;
	}

	static UpstreamException rejected(String operation, int upstreamStatus, String upstreamMessage,
			Throwable cause) {
		return new UpstreamException(HttpStatus.BAD_GATEWAY, "upstream-rejected", "Upstream rejected the request",
				"The inference service rejected the " + operation + " request (HTTP " + upstreamStatus + "): "
						+ upstreamMessage,
				upstreamStatus, cause);
	}

	static UpstreamException unauthorized(String operation, int upstreamStatus, Throwable cause) {
		return new UpstreamException(HttpStatus.BAD_GATEWAY, "upstream-unauthorized", "Upstream refused our key",
				"The inference service refused our credentials for " + operation + " (HTTP " + upstreamStatus
						+ "); check INFERENCE_API_KEY.",
				upstreamStatus, cause);
	}

	static UpstreamException unavailable(String operation, int upstreamStatus, String what, int attempts,
			@Nullable Duration retryAfter, Throwable cause) {
		boolean overloaded = upstreamStatus == 429 || upstreamStatus == 503;
		UpstreamException ex = new UpstreamException(
				overloaded ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.BAD_GATEWAY, "upstream-unavailable",
				"Upstream unavailable", "The inference service " + what + " for " + operation + " (" + attempts
						+ ((attempts == 1) ? " attempt" : " attempts") + "); try again later.",
				upstreamStatus, cause);
		if (retryAfter != null) {
			ex.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
		}
		return ex;
	}

	static UpstreamException circuitOpen(String operation, Duration retryAfter, Throwable cause) {
		long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
		UpstreamException ex = new UpstreamException(HttpStatus.SERVICE_UNAVAILABLE, "upstream-unavailable",
				"Upstream unavailable", "The inference service keeps failing, so " + operation
						+ " calls to it are paused; try again in " + seconds + " s.",
				0, cause);
		ex.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		return ex;
	}

	/** Too many calls are already waiting for an upstream slot on this replica. */
	static UpstreamException busy(int queued) {
		UpstreamException ex = new UpstreamException(HttpStatus.SERVICE_UNAVAILABLE, "upstream-unavailable",
				"Upstream unavailable", "The inference service is busy: " + queued
						+ " calls are already waiting for it on this server; try again in a moment.",
				0, null);
		ex.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
		return ex;
	}

	static UpstreamException timeout(String operation, String what, int attempts, Throwable cause) {
		return new UpstreamException(HttpStatus.GATEWAY_TIMEOUT, "upstream-timeout", "Upstream timed out",
				"The inference service " + what + " for " + operation + " (" + attempts
						+ ((attempts == 1) ? " attempt" : " attempts") + ").",
				0, cause);
	}

	/** The HTTP status the upstream answered with, 0 when there was none (timeout, reset, malformed body). */
	public int upstreamStatus() {
		return this.upstreamStatus;
	}

	/** How long the upstream asked us to wait, when it said so (passed on to our client as Retry-After). */
	public Optional<Duration> retryAfter() {
		return Optional.ofNullable(getHeaders().getFirst(HttpHeaders.RETRY_AFTER))
			.map(seconds -> Duration.ofSeconds(Long.parseLong(seconds)));
	}

}
