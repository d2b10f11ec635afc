package io.pagewise.inference;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/** The circuit breaker's behaviour on a hand-moved clock. */
class UpstreamCircuitTests {

	private static final InferenceProperties PROPERTIES = new InferenceProperties(URI.create("http://stub"), "key", 8,
			Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(120), 4, Duration.ofMillis(250),
			Duration.ofSeconds(8), new InferenceProperties.Circuit(3, Duration.ofSeconds(30)));

	private final MovingClock clock = new MovingClock();

	private final AtomicInteger upstreamCalls = new AtomicInteger();

	private final UpstreamCircuit circuit = new UpstreamCircuit(PROPERTIES.circuit(),
			new UpstreamFailures(PROPERTIES)::isOutage, this.clock);

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
		this.clock.advance(29_999);
		StepVerifier.create(attempt(Mono.just("early"))).expectError(CircuitOpenException.class).verify();
		this.clock.advance(2);

		Sinks.One<String> probe = Sinks.one();
		StepVerifier probing = StepVerifier.create(attempt(probe.asMono())).expectNext("probe").expectComplete()
			.verifyLater();
		assertThat(this.circuit.state()).isEqualTo(State.HALF_OPEN);
		int before = this.upstreamCalls.get();
		StepVerifier waiting = StepVerifier.create(attempt(Mono.just("while probing")))
			.expectNext("while probing")
			.expectComplete()
			.verifyLater();
		assertThat(this.upstreamCalls).as("a sibling waits for the probe").hasValue(before);
		probe.tryEmitValue("probe");
		probing.verify(Duration.ofSeconds(5));
		waiting.verify(Duration.ofSeconds(5));

		assertThat(this.circuit.state()).isEqualTo(State.CLOSED);
		StepVerifier.create(attempt(Mono.just("after"))).expectNext("after").verifyComplete();
	}

	@Test
	void everyAttemptOfAQuestionWaitingForTheProbeSucceedsOnceItAnswers() {
		open();
		this.clock.advance(30_001);
		Sinks.One<String> probe = Sinks.one();
		List<Mono<String>> batches = new ArrayList<>();
		batches.add(attempt(probe.asMono()));
		for (int i = 1; i < 12; i++) {
			batches.add(attempt(Mono.just("batch " + i)));
		}
		StepVerifier question = StepVerifier.create(Flux.merge(batches).collectList())
			.assertNext((answers) -> assertThat(answers).hasSize(12))
			.expectComplete()
			.verifyLater();
		assertThat(this.upstreamCalls).as("only the probe went out").hasValue(4);
		probe.tryEmitValue("batch 0");
		question.verify(Duration.ofSeconds(5));
		assertThat(this.circuit.state()).isEqualTo(State.CLOSED);
	}

	@Test
	void aFailedProbeOpensTheCircuitForAnotherIntervalAndItsWaitingSiblingsFailAtOnce() {
		open();
		this.clock.advance(30_001);
		Sinks.One<String> probe = Sinks.one();
		StepVerifier probing = StepVerifier.create(attempt(probe.asMono())).expectError().verifyLater();
		StepVerifier sibling = StepVerifier.create(attempt(Mono.just("sibling")))
			.expectError(CircuitOpenException.class)
			.verifyLater();
		probe.tryEmitError(status(503));
		probing.verify(Duration.ofSeconds(5));
		sibling.verify(Duration.ofSeconds(5));
		assertThat(this.circuit.state()).isEqualTo(State.OPEN);
		this.clock.advance(29_000);
		StepVerifier.create(attempt(Mono.just("early"))).expectError(CircuitOpenException.class).verify();
	}

	@Test
	void anAbandonedProbeLetsTheNextCallerProbe() {
		open();
		this.clock.advance(30_001);
		StepVerifier.create(attempt(Mono.never())).thenCancel().verify();
		StepVerifier.create(attempt(Mono.just("second probe"))).expectNext("second probe").verifyComplete();
		assertThat(this.circuit.state()).isEqualTo(State.CLOSED);
	}

	@Test
	void aStreamCountsAsAnsweredFromItsFirstItemEvenIfItFailsLater() {
		fail(status(503));
		fail(status(503));
		StepVerifier.create(this.circuit.guard(() -> Flux.just("first")
			.concatWith(Flux.error(new IOException("Connection reset by peer")))))
			.expectNext("first")
			.expectError(IOException.class)
			.verify();
		fail(status(503));
		assertThat(this.circuit.state()).as("the count restarted at the first item").isEqualTo(State.CLOSED);
	}

	@Test
	void aZeroThresholdNeverOpens() {
		UpstreamCircuit never = new UpstreamCircuit(new InferenceProperties.Circuit(0, Duration.ofSeconds(30)),
				new UpstreamFailures(PROPERTIES)::isOutage, this.clock);
		for (int i = 0; i < 100; i++) {
			StepVerifier.create(never.guard(() -> Flux.error(status(503)))).expectError().verify();
		}
		assertThat(never.state()).isNotEqualTo(State.OPEN);
		StepVerifier.create(never.guard(() -> Flux.just("still called"))).expectNext("still called").verifyComplete();
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
			return upstream.flux();
		}).singleOrEmpty();
	}

	private static WebClientResponseException status(int status) {
		return WebClientResponseException.create(status, HttpStatus.valueOf(status).getReasonPhrase(),
				HttpHeaders.EMPTY, new byte[0], null);
	}

	/** A clock that moves only when told to. */
	private static final class MovingClock extends Clock {

		private final AtomicLong millis = new AtomicLong(1_000_000);

		void advance(long by) {
			this.millis.addAndGet(by);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return Instant.ofEpochMilli(this.millis.get());
		}

	}

}
