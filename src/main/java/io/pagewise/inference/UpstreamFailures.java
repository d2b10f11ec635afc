package io.pagewise.inference;

import java.io.IOException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

import io.pagewise.PagewiseException;
import org.jspecify.annotations.Nullable;
import org.springframework.core.codec.CodecException;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.UnsupportedMediaTypeException;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import tools.jackson.core.JacksonException;

/**
 * What a failed attempt means: whether it is worth retrying, how long the upstream asked us to wait, and which
 * {@link UpstreamException} it ends in when it is final.
 */
final class UpstreamFailures {

	private final InferenceProperties properties;

	UpstreamFailures(InferenceProperties properties) {
		this.properties = properties;
	}

	/** 408, 429, 5xx, timeouts, resets and malformed bodies may succeed on a second try; nothing else will. */
	boolean isTransient(Throwable attemptFailure) {
		Throwable failure = unwrapBody(attemptFailure);
		if (failure instanceof CircuitOpenException) {
			return false;
		}
		if (failure instanceof WebClientResponseException response) {
			int status = response.getStatusCode().value();
			return status == 408 || status == 429 || status >= 500;
		}
		if (failure instanceof PagewiseException) {
			return false;
		}
		if (hasCause(failure, UnknownHostException.class)) {
			return false;
		}
		return failure instanceof TimeoutException || failure instanceof MalformedResponseException
				|| failure instanceof WebClientRequestException || isMalformedBody(failure)
				|| hasCause(failure, IOException.class);
	}

	/**
	 * Whether a failed attempt says the upstream is down or failing (5xx, 408, timeouts, refused or reset
	 * connections) — what the circuit breaker counts. A 429, a 4xx or a malformed body came from a live upstream.
	 */
	boolean isOutage(Throwable attemptFailure) {
		Throwable failure = unwrapBody(attemptFailure);
		if (failure instanceof WebClientResponseException response) {
			int status = response.getStatusCode().value();
			return status == 408 || status >= 500;
		}
		if (failure instanceof PagewiseException || failure instanceof MalformedResponseException
				|| failure instanceof CircuitOpenException || isMalformedBody(failure)) {
			return false;
		}
		return failure instanceof TimeoutException || failure instanceof WebClientRequestException
				|| hasCause(failure, IOException.class);
	}

	/** A 429: the upstream is alive and asks us to slow down. */
	boolean isRateLimited(Throwable attemptFailure) {
		return unwrapBody(attemptFailure) instanceof WebClientResponseException response
				&& response.getStatusCode().value() == 429;
	}

	/**
	 * Whether a failed attempt says we sent more than the upstream takes now (429, 503, an attempt that timed
	 * out): what shrinks the adaptive limit. Other failures say nothing about load.
	 */
	boolean isOverload(Throwable attemptFailure) {
		Throwable failure = unwrapBody(attemptFailure);
		if (failure instanceof WebClientResponseException response) {
			int status = response.getStatusCode().value();
			return status == 429 || status == 503;
		}
		return failure instanceof TimeoutException;
	}

	Optional<Duration> retryAfter(Throwable failure, Instant now) {
		if (failure instanceof WebClientResponseException response) {
			return RetryAfter.parse(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER), now);
		}
		return Optional.empty();
	}

	/** The final failure of a call as the exception our caller sees; unknown failures (bugs) pass unchanged. */
	Throwable translate(String operation, Throwable finalFailure, int attempts) {
		Throwable failure = unwrapBody(finalFailure);
		if (failure instanceof PagewiseException) {
			return failure;
		}
		if (failure instanceof WebClientResponseException response) {
			return translateResponse(operation, response, attempts);
		}
		if (failure instanceof CircuitOpenException open) {
			return UpstreamException.circuitOpen(operation, open.retryAfter(), open);
		}
		if (failure instanceof TimeoutException) {
			return UpstreamException.timeout(operation, timeoutDescription(attempts), attempts, failure);
		}
		if (failure instanceof MalformedResponseException || isMalformedBody(failure)) {
			return UpstreamException.unavailable(operation, 0, "returned malformed responses", attempts, null,
					failure);
		}
		if (failure instanceof WebClientRequestException || hasCause(failure, IOException.class)) {
			return UpstreamException.unavailable(operation, 0, "could not be reached or dropped the connection",
					attempts, null, failure);
		}
		return failure;
	}

	private UpstreamException translateResponse(String operation, WebClientResponseException response,
			int attempts) {
		int status = response.getStatusCode().value();
		if (status == 401 || status == 403) {
			return UpstreamException.unauthorized(operation, status, response);
		}
		if (isTransient(response)) {
			Duration retryAfter = retryAfter(response, Instant.now()).orElse(null);
			return UpstreamException.unavailable(operation, status, "answered HTTP " + status, attempts, retryAfter,
					response);
		}
		return UpstreamException.rejected(operation, status,
				UpstreamMessage.of(response, this.properties.apiKey()), response);
	}

	private String timeoutDescription(int attempts) {
		if (attempts == 0) {
			return "was not called: every upstream slot stayed busy until the deadline ("
					+ print(this.properties.deadline()) + ")";
		}
		return "did not answer in time (attempt timeout " + print(this.properties.attemptTimeout()) + ", deadline "
				+ print(this.properties.deadline()) + ")";
	}

	private static String print(Duration duration) {
		return (duration.toMillis() % 1000 == 0) ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
	}

	/**
	 * A 2xx whose body broke off (connection dropped mid-body) reaches us as a {@link WebClientResponseException}
	 * with the 2xx status and the real failure as its cause: the cause is what happened.
	 */
	private static Throwable unwrapBody(Throwable failure) {
		if (failure instanceof WebClientResponseException response && response.getStatusCode().is2xxSuccessful()
				&& response.getCause() != null) {
			return response.getCause();
		}
		return failure;
	}

	private static boolean isMalformedBody(Throwable failure) {
		return hasCause(failure, CodecException.class) || hasCause(failure, JacksonException.class)
				|| hasCause(failure, UnsupportedMediaTypeException.class);
	}

	private static boolean hasCause(@Nullable Throwable failure, Class<? extends Throwable> type) {
		for (Throwable current = failure; current != null; current = current.getCause()) {
			if (type.isInstance(current)) {
				return true;
			}
			if (current.getCause() == current) {
				return false;
			}
		}
		return false;
	}

}
