package io.pagewise.inference;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * The retry policy of one logical upstream call: only transient failures, waiting what the upstream asked for
 * ({@code Retry-After}) or a jittered exponential back-off, and never past the call's deadline — when the next
 * wait would cross it, the last failure is final right away. Failures count against {@code maxRetries}, except
 * rate limiting (429): the upstream is alive and said when to come back, so such a call waits as long as its
 * deadline allows (the adaptive limit meanwhile sends fewer calls at once).
 * <p>
 * Reactor's {@code Retry.backoff(...)} cannot take its delay from the failure, hence this small spec.
 */
final class TransientRetry extends Retry {

	private static final double JITTER = 0.5;

	private final InferenceProperties properties;

	private final UpstreamFailures failures;

	private final BooleanSupplier retryable;

	private final Deadline deadline;

	/**
	 * @param retryable asked before each retry; a stream says no once it has emitted anything
	 * @param deadline the call's deadline, shared with its other timeouts
	 */
	TransientRetry(InferenceProperties properties, UpstreamFailures failures, BooleanSupplier retryable,
			Deadline deadline) {
		this.properties = properties;
		this.failures = failures;
		this.retryable = retryable;
		this.deadline = deadline;
	}

	/** With a deadline of its own, starting now. */
	TransientRetry(InferenceProperties properties, UpstreamFailures failures, BooleanSupplier retryable) {
		this(properties, failures, retryable, Deadline.in(properties.deadline()));
	}

	@Override
	public Publisher<?> generateCompanion(Flux<RetrySignal> signals) {
		AtomicLong counted = new AtomicLong();
		return signals.concatMap((signal) -> {
			Throwable failure = signal.failure();
			boolean rateLimited = this.failures.isRateLimited(failure);
			if ((!rateLimited && counted.get() >= this.properties.maxRetries()) || !this.retryable.getAsBoolean()
					|| !this.failures.isTransient(failure)) {
				return Mono.error(failure);
			}
			Duration delay = this.failures.retryAfter(failure, Instant.ofEpochMilli(this.deadline.now()))
				.orElseGet(() -> backoff(signal.totalRetries()));
			if (this.deadline.reachedAfter(delay)) {
				return Mono.error(failure);
			}
			if (!rateLimited) {
				counted.incrementAndGet();
			}
			return Mono.delay(delay, Schedulers.parallel());
		});
	}

	/** {@code minBackoff * 2^retry}, ±50% jitter, within [minBackoff, maxBackoff]. */
	Duration backoff(long retry) {
		long min = this.properties.minBackoff().toMillis();
		long max = this.properties.maxBackoff().toMillis();
		long base = (retry >= 30) ? max : Math.min(max, min << retry);
		double jitter = base * JITTER * ThreadLocalRandom.current().nextDouble(-1.0, 1.0);
		return Duration.ofMillis(Math.clamp(Math.round(base + jitter), min, max));
	}

}
