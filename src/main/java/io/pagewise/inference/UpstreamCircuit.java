package io.pagewise.inference;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Stops calling an upstream that keeps failing: resilience4j's circuit breaker, set to open after
 * {@code failureThreshold} consecutive outage failures (5xx, timeouts, refused or reset connections; a count-based
 * window of that size, all of it failed), to refuse every attempt at once for {@code openFor}, then to let one
 * probe through (half-open): an answer closes it, another outage failure opens it again. Any answer that shows the
 * upstream alive (2xx, 4xx, 429, even a malformed body) counts as a success: retries and problems deal with
 * those, pausing all traffic would not help.
 * <p>
 * While the probe is out, other attempts wait for its outcome (within their deadline) instead of failing: a
 * question of many rerank batches would otherwise fail on its own probe's siblings, cancel the probe, and leave
 * the circuit half-open for ever. Outcomes are recorded here rather than with resilience4j's Reactor operator,
 * which judges a stream by its end: the first item already shows that the upstream answered.
 */
final class UpstreamCircuit {

	static final String NAME = "upstream";

	private static final Logger logger = LoggerFactory.getLogger(UpstreamCircuit.class);

	/** How often a waiting attempt looks again, should the probe be abandoned without a state change. */
	private static final Duration PROBE_POLL = Duration.ofMillis(500);

	private final CircuitBreakerRegistry registry;

	private final CircuitBreaker breaker;

	private final Duration openFor;

	private final Clock clock;

	private final Sinks.Many<State> transitions = Sinks.many().multicast().directBestEffort();

	private volatile long openUntil;

	/**
	 * @param isOutage which failures count against the upstream
	 * @param clock the breaker's clock (a fixed one in tests)
	 */
	UpstreamCircuit(InferenceProperties.Circuit properties, Predicate<Throwable> isOutage, Clock clock) {
		int threshold = Math.max(1, properties.failureThreshold());
		CircuitBreakerConfig config = CircuitBreakerConfig.custom()
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(threshold)
			.minimumNumberOfCalls(threshold)
			.failureRateThreshold(100)
			.slowCallRateThreshold(100)
			.slowCallDurationThreshold(Duration.ofDays(1))
			.recordException(isOutage)
			.waitDurationInOpenState(properties.openFor())
			.permittedNumberOfCallsInHalfOpenState(1)
			.automaticTransitionFromOpenToHalfOpenEnabled(true)
			.writableStackTraceEnabled(false)
			.clock(clock)
			.build();
		this.registry = CircuitBreakerRegistry.of(config);
		this.breaker = this.registry.circuitBreaker(NAME);
		this.openFor = properties.openFor();
		this.clock = clock;
		this.breaker.getEventPublisher().onStateTransition((event) -> transitioned(event.getStateTransition()));
		if (properties.failureThreshold() == 0) {
			this.breaker.transitionToDisabledState();
		}
	}

	/**
	 * Runs one attempt if the circuit lets it through, and records its outcome. While open, fails at once with a
	 * {@link CircuitOpenException}; while a half-open probe is out, waits for its outcome first.
	 */
	<T> Flux<T> guard(Supplier<Flux<T>> attempt) {
		return Flux.defer(() -> {
			if (this.breaker.tryAcquirePermission()) {
				return recorded(attempt);
			}
			if (this.breaker.getState() == State.HALF_OPEN) {
				return probeOutcome().thenMany(guard(attempt));
			}
			return Flux.error(new CircuitOpenException(untilProbe()));
		});
	}

	State state() {
		return this.breaker.getState();
	}

	/** Attempts refused because the circuit was open (or held back while a probe was out). */
	long rejected() {
		return this.breaker.getMetrics().getNumberOfNotPermittedCalls();
	}

	/** The registry holding this one breaker, for resilience4j's Micrometer binder. */
	CircuitBreakerRegistry registry() {
		return this.registry;
	}

	private <T> Flux<T> recorded(Supplier<Flux<T>> attempt) {
		long start = this.breaker.getCurrentTimestamp();
		AtomicBoolean reported = new AtomicBoolean();
		Runnable answered = () -> {
			if (reported.compareAndSet(false, true)) {
				this.breaker.onSuccess(elapsed(start), this.breaker.getTimestampUnit());
			}
		};
		return Flux.defer(attempt).doOnNext((item) -> answered.run()).doOnComplete(answered).doOnError((ex) -> {
			if (reported.compareAndSet(false, true)) {
				this.breaker.onError(elapsed(start), this.breaker.getTimestampUnit(), ex);
			}
		}).doOnCancel(() -> {
			if (reported.compareAndSet(false, true)) {
				this.breaker.releasePermission();
			}
		});
	}

	/** Completes when the circuit changes state, or after a short while (a probe may be given up silently). */
	private Mono<Void> probeOutcome() {
		return Mono.firstWithSignal(this.transitions.asFlux().next().then(), Mono.delay(PROBE_POLL).then());
	}

	private Duration untilProbe() {
		return Duration.ofMillis(Math.max(0, this.openUntil - this.clock.millis()));
	}

	private long elapsed(long start) {
		return this.breaker.getCurrentTimestamp() - start;
	}

	private void transitioned(CircuitBreaker.StateTransition transition) {
		State to = transition.getToState();
		if (to == State.OPEN) {
			this.openUntil = this.clock.millis() + this.openFor.toMillis();
			logger.warn("The inference service keeps failing: calls to it are paused for {} s",
					this.openFor.toSeconds());
		}
		else if (to == State.CLOSED && transition.getFromState() != State.DISABLED) {
			logger.info("The inference service answers again: calls resume");
		}
		this.transitions.tryEmitNext(to);
	}

}
