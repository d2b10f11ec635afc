package io.pagewise.inference;

import java.time.Duration;

/** An attempt was refused without calling the upstream, because the circuit breaker is open. */
final class CircuitOpenException extends RuntimeException {

	private final Duration retryAfter;

	CircuitOpenException(Duration retryAfter) {
		super("Circuit open: calls to the inference service are paused", null, false, false);
		this.retryAfter = retryAfter;
	}

	/** How long until the circuit lets a probe through. */
	Duration retryAfter() {
		return this.retryAfter;
	}

}
