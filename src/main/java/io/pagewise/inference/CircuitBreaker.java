package io.pagewise.inference;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Stops calling an upstream that keeps failing. Closed, it lets every attempt through and counts consecutive
 * outage failures (5xx, timeouts, refused or reset connections); at the threshold it opens and refuses every
 * attempt at once for {@code openFor}; then it lets one probe through (half-open): an answer closes it, another
 * outage failure opens it again. Any answer that shows the upstream alive (2xx, 4xx, 429, even a malformed body)
 * resets the count: retries and problems deal with those, pausing all traffic would not help.
 * <p>
 * Consecutive failures rather than a failure rate: a flaky upstream that fails one attempt in three must keep
 * being retried (ten failures in a row then happen about once in 60,000 attempts), a dead one fails every time.
 */
final class CircuitBreaker {

	private static final Logger logger = LoggerFactory.getLogger(CircuitBreaker.class);

	private final int threshold;

	private final Duration openFor;

	private final Predicate<Throwable> isOutage;

	private final LongSupplier clock;

	private final AtomicLong rejected = new AtomicLong();

	private State state = State.CLOSED;

	private int failures;

	private long openUntil;

	private boolean probing;

	/**
	 * @param isOutage which failures count against the upstream
	 * @param clock milliseconds, from the same clock as the retries (virtual in tests)
	 */
	CircuitBreaker(InferenceProperties.Circuit properties, Predicate<Throwable> isOutage, LongSupplier clock) {
		this.threshold = properties.failureThreshold();
		this.openFor = properties.openFor();
		this.isOutage = isOutage;
		this.clock = clock;
	}

	/** Refuses at once while open, before the call waits for a slot it would only be refused with. */
	<T> Mono<T> admit(Supplier<Mono<T>> call) {
		return Mono.defer(() -> refusing() ? Mono.error(rejection()) : call.get());
	}

	/** Like {@link #admit(Supplier)}, for a stream. */
	<T> Flux<T> admitMany(Supplier<Flux<T>> call) {
		return Flux.defer(() -> refusing() ? Flux.error(rejection()) : call.get());
	}

	/** Runs one attempt if the circuit lets it through, and learns from its outcome. */
	<T> Mono<T> guard(Supplier<Mono<T>> attempt) {
		return Mono.defer(() -> {
			Permit permit = acquire();
			if (permit == null) {
				return Mono.error(rejection());
			}
			return attempt.get()
				.doOnSuccess((result) -> permit.answered())
				.doOnError(permit::failed)
				.doOnCancel(permit::abandoned);
		});
	}

	/** Like {@link #guard(Supplier)}, for a stream: its first item (or its end) shows the upstream answered. */
	<T> Flux<T> guardMany(Supplier<Flux<T>> attempt) {
		return Flux.defer(() -> {
			Permit permit = acquire();
			if (permit == null) {
				return Flux.error(rejection());
			}
			return attempt.get()
				.doOnNext((item) -> permit.answered())
				.doOnComplete(permit::answered)
				.doOnError(permit::failed)
				.doOnCancel(permit::abandoned);
		});
	}

	/** The state now; an open circuit whose interval has passed reads as half-open (the next call probes). */
	synchronized State state() {
		return (this.state == State.OPEN && now() >= this.openUntil) ? State.HALF_OPEN : this.state;
	}

	/** Attempts refused because the circuit was open. */
	long rejected() {
		return this.rejected.get();
	}

	private synchronized boolean refusing() {
		return this.state == State.OPEN && now() < this.openUntil;
	}

	private synchronized @Nullable Permit acquire() {
		if (this.state == State.OPEN && now() >= this.openUntil) {
			this.state = State.HALF_OPEN;
			this.probing = false;
		}
		if (this.state == State.CLOSED) {
			return new Permit(false);
		}
		if (this.state == State.HALF_OPEN && !this.probing) {
			this.probing = true;
			return new Permit(true);
		}
		return null;
	}

	private synchronized void record(Permit permit, boolean outage) {
		if (permit.probe) {
			this.probing = false;
		}
		if (!outage) {
			this.failures = 0;
			if (this.state != State.CLOSED) {
				this.state = State.CLOSED;
				logger.info("The inference service answers again: calls resume");
			}
			return;
		}
		this.failures++;
		boolean trips = this.state == State.CLOSED && this.threshold > 0 && this.failures >= this.threshold;
		if (trips || this.state == State.HALF_OPEN) {
			this.state = State.OPEN;
			this.openUntil = now() + this.openFor.toMillis();
			logger.warn("The inference service failed {} times in a row: calls to it are paused for {} s",
					this.failures, this.openFor.toSeconds());
		}
	}

	private synchronized void release(Permit permit) {
		if (permit.probe) {
			this.probing = false;
		}
	}

	private synchronized CircuitOpenException rejection() {
		this.rejected.incrementAndGet();
		long remaining = (this.state == State.OPEN) ? this.openUntil - now() : this.openFor.toMillis();
		return new CircuitOpenException(Duration.ofMillis(Math.max(0, remaining)));
	}

	private long now() {
		return this.clock.getAsLong();
	}

	enum State {

		CLOSED, OPEN, HALF_OPEN

	}

	/** One attempt let through; reports its outcome once, whatever signals follow. */
	private final class Permit {

		private final boolean probe;

		private final AtomicBoolean reported = new AtomicBoolean();

		Permit(boolean probe) {
			this.probe = probe;
		}

		void answered() {
			if (this.reported.compareAndSet(false, true)) {
				record(this, false);
			}
		}

		void failed(Throwable failure) {
			if (this.reported.compareAndSet(false, true)) {
				record(this, CircuitBreaker.this.isOutage.test(failure));
			}
		}

		void abandoned() {
			if (this.reported.compareAndSet(false, true)) {
				release(this);
			}
		}

	}

}
