package io.pagewise.inference;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * The retry policy of one logical upstream call: only transient failures, at most {@code maxRetries} times,
 * waiting what the upstream asked for ({@code Retry-After}) or a jittered exponential back-off, and never past
 * the call's deadline — when the next wait would cross it, the last failure is final right away.
 * <p>
 * Reactor's {@code Retry.backoff(...)} cannot take its delay from the failure, hence this small spec.
 */
final class TransientRetry extends Retry {

	private static final double JITTER = 0.5;

	private final InferenceProperties properties;

	private final UpstreamFailures failures;

	private final BooleanSupplier retryable;

	private final Scheduler scheduler = Schedulers.parallel();

	private final long deadlineMillis;

	/**
	 * @param retryable asked before each retry; a stream says no once it has emitted anything
	 */
	TransientRetry(InferenceProperties properties, UpstreamFailures failures, BooleanSupplier retryable) {
		this.properties = properties;
		this.failures = failures;
		this.retryable = retryable;
		this.deadlineMillis = now() + properties.deadline().toMillis();
	}

	@Override
	public Publisher<?> generateCompanion(Flux<RetrySignal> signals) {
		return signals.concatMap((signal) -> {
			Throwable failure = signal.failure();
			if (signal.totalRetries() >= this.properties.maxRetries() || !this.retryable.getAsBoolean()
					|| !this.failures.isTransient(failure)) {
				return Mono.error(failure);
			}
			Duration delay = this.failures.retryAfter(failure, Instant.ofEpochMilli(now()))
				.orElseGet(() -> backoff(signal.totalRetries()));
			if (now() + delay.toMillis() >= this.deadlineMillis) {
				return Mono.error(failure);
			}
			return Mono.delay(delay, this.scheduler);
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

	private long now() {
		return this.scheduler.now(TimeUnit.MILLISECONDS);
	}

}
