package io.pagewise.inference;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.pagewise.inference.CircuitBreaker.State;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/** The circuit breaker's state machine on a hand-moved clock. */
class CircuitBreakerTests {

	private static final InferenceProperties PROPERTIES = new InferenceProperties(URI.create("http://stub"), "key", 8,
			Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(120), 4, Duration.ofMillis(250),
			Duration.ofSeconds(8), new InferenceProperties.Circuit(3, Duration.ofSeconds(30)));

	private final AtomicLong clock = new AtomicLong(1_000_000);

	private final AtomicInteger upstreamCalls = new AtomicInteger();

	private final CircuitBreaker circuit = new CircuitBreaker(PROPERTIES.circuit(),
			new UpstreamFailures(PROPERTIES)::isOutage, this.clock::get);

	@Test
	void opensAfterTheThresholdOfConsecutiveOutagesThenRefusesWithoutCallingTheUpstream() {
		fail(status(503));
		fail(new TimeoutException());
		assertThat(this.circuit.state()).isEqualTo(State.CLOSED);
		fail(new IOException("Connection reset by peer"));
		assertThat(this.circuit.state()).isEqualTo(State.OPEN);

		StepVerifier.create(attempt(Mono.just("answer")))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(CircuitOpenException.class,
					(open) -> assertThat(open.retryAfter()).isEqualTo(Duration.ofSeconds(30))))
			.verify();
		assertThat(this.upstreamCalls).hasValue(3);
		assertThat(this.circuit.rejected()).isEqualTo(1);
	}

	@Test
	void anAnswerResetsTheCount() {
		fail(status(500));
		fail(status(502));
		succeed();
		fail(status(503));
		fail(status(504));
		assertThat(this.circuit.state()).isEqualTo(State.CLOSED);
	}

	@Test
	void failuresFromALiveUpstreamNeverOpenIt() {
		for (int i = 0; i < 10; i++) {
			fail(status(429));
			fail(status(400));
			fail(status(401));
			fail(new MalformedResponseException("index 7 outside 0..3"));
		}
		assertThat(this.circuit.state()).isEqualTo(State.CLOSED);
	}

	@Test
	void afterTheOpenIntervalOneProbeGoesThroughAndItsAnswerClosesTheCircuit() {
		open();
		this.clock.addAndGet(29_999);
		StepVerifier.create(attempt(Mono.just("early"))).expectError(CircuitOpenException.class).verify();
		this.clock.addAndGet(1);
		assertThat(this.circuit.state()).isEqualTo(State.HALF_OPEN);

		Sinks.One<String> probe = Sinks.one();
		StepVerifier probing = StepVerifier.create(attempt(probe.asMono())).expectNext("probe").expectComplete()
			.verifyLater();
		StepVerifier.create(attempt(Mono.just("while probing")))
			.expectError(CircuitOpenException.class)
			.verify();
		probe.tryEmitValue("probe");
		probing.verify();

		assertThat(this.circuit.state()).isEqualTo(State.CLOSED);
		StepVerifier.create(attempt(Mono.just("after"))).expectNext("after").verifyComplete();
	}

	@Test
	void aFailedProbeOpensTheCircuitForAnotherInterval() {
		open();
		this.clock.addAndGet(30_000);
		fail(status(503));
		assertThat(this.circuit.state()).isEqualTo(State.OPEN);
		this.clock.addAndGet(29_000);
		assertThat(this.circuit.state()).isEqualTo(State.OPEN);
	}

	@Test
	void anAbandonedProbeLetsTheNextCallerProbe() {
		open();
		this.clock.addAndGet(30_000);
		StepVerifier.create(attempt(Mono.never())).thenCancel().verify();
		StepVerifier.create(attempt(Mono.just("second probe"))).expectNext("second probe").verifyComplete();
		assertThat(this.circuit.state()).isEqualTo(State.CLOSED);
	}

	@Test
	void admissionRefusesAtOnceWhileOpenButNotOnceAProbeIsDue() {
		open();
		AtomicInteger queued = new AtomicInteger();
		StepVerifier.create(this.circuit.admit(() -> Mono.fromCallable(queued::incrementAndGet)))
			.expectError(CircuitOpenException.class)
			.verify();
		assertThat(queued).hasValue(0);
		assertThat(this.circuit.rejected()).isEqualTo(1);
		this.clock.addAndGet(30_000);
		StepVerifier.create(this.circuit.admit(() -> Mono.fromCallable(queued::incrementAndGet)))
			.expectNext(1)
			.verifyComplete();
	}

	@Test
	void aStreamCountsAsAnsweredFromItsFirstItemEvenIfItFailsLater() {
		fail(status(503));
		fail(status(503));
		StepVerifier.create(this.circuit.guardMany(() -> Flux.just("first")
			.concatWith(Flux.error(new IOException("Connection reset by peer")))))
			.expectNext("first")
			.expectError(IOException.class)
			.verify();
		fail(status(503));
		assertThat(this.circuit.state()).as("the count restarted at the first item").isEqualTo(State.CLOSED);
	}

	@Test
	void aZeroThresholdNeverOpens() {
		CircuitBreaker never = new CircuitBreaker(new InferenceProperties.Circuit(0, Duration.ofSeconds(30)),
				new UpstreamFailures(PROPERTIES)::isOutage, this.clock::get);
		for (int i = 0; i < 100; i++) {
			StepVerifier.create(never.guard(() -> Mono.error(status(503)))).expectError().verify();
		}
		assertThat(never.state()).isEqualTo(State.CLOSED);
	}

	private void open() {
		fail(status(503));
		fail(status(503));
		fail(status(503));
		assertThat(this.circuit.state()).isEqualTo(State.OPEN);
	}

	private void fail(Throwable failure) {
		StepVerifier.create(attempt(Mono.error(failure))).expectErrorMatches((ex) -> ex == failure).verify();
	}

	private void succeed() {
		StepVerifier.create(attempt(Mono.just("ok"))).expectNext("ok").verifyComplete();
	}

	private <T> Mono<T> attempt(Mono<T> upstream) {
		return this.circuit.guard(() -> {
			this.upstreamCalls.incrementAndGet();
			return upstream;
		});
	}

	private static WebClientResponseException status(int status) {
		return WebClientResponseException.create(status, HttpStatus.valueOf(status).getReasonPhrase(),
				HttpHeaders.EMPTY, new byte[0], null);
	}

}
