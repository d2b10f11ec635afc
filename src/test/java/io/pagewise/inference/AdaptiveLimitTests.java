package io.pagewise.inference;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.pagewise.PagewiseException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class AdaptiveLimitTests {

	private final AdaptiveLimit gate = limit(2, 2, 10);

	private final AtomicInteger started = new AtomicInteger();

	private final List<Sinks.One<String>> running = new ArrayList<>();

	@Test
	void runsAtMostLimitAtOnceAndStartsTheNextWhenOneFinishes() {
		List<String> results = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			this.gate.run(this::work).subscribe(results::add);
		}
		assertThat(this.started).hasValue(2);
		assertThat(this.gate.waiting()).isEqualTo(3);
		this.running.get(0).tryEmitValue("first");
		assertThat(results).containsExactly("first");
		assertThat(this.started).hasValue(3);
		assertThat(this.gate.inFlight()).isEqualTo(2);
	}

	@Test
	void aFailureFreesItsSlot() {
		this.gate.run(this::work).subscribe((value) -> { }, (ex) -> { });
		this.gate.run(this::work).subscribe((value) -> { }, (ex) -> { });
		this.gate.run(this::work).subscribe((value) -> { }, (ex) -> { });
		this.running.get(1).tryEmitError(new IllegalStateException("boom"));
		assertThat(this.started).hasValue(3);
		assertThat(this.gate.inFlight()).isEqualTo(2);
	}

	@Test
	void cancellingRunningWorkFreesItsSlot() {
		Disposable first = this.gate.run(this::work).subscribe();
		this.gate.run(this::work).subscribe();
		this.gate.run(this::work).subscribe();
		first.dispose();
		assertThat(this.started).hasValue(3);
		assertThat(this.gate.inFlight()).isEqualTo(2);
		assertThat(this.gate.waiting()).isZero();
	}

	@Test
	void cancellingAWaiterLeavesTheQueueWithoutTakingASlot() {
		this.gate.run(this::work).subscribe();
		this.gate.run(this::work).subscribe();
		Disposable waiter = this.gate.run(this::work).subscribe();
		assertThat(this.gate.waiting()).isEqualTo(1);
		waiter.dispose();
		assertThat(this.gate.waiting()).isZero();
		this.running.get(0).tryEmitValue("done");
		this.running.get(1).tryEmitValue("done");
		assertThat(this.started).hasValue(2);
		assertThat(this.gate.inFlight()).isZero();
	}

	@Test
	void streamsHoldTheirSlotUntilTheyComplete() {
		Sinks.Many<String> stream = Sinks.many().unicast().onBackpressureBuffer();
		this.gate.run(stream::asFlux).subscribe();
		this.gate.run(() -> Flux.<String>never()).subscribe();
		this.gate.run(this::work).subscribe();
		stream.tryEmitNext("chunk");
		assertThat(this.started).hasValue(0);
		stream.tryEmitComplete();
		assertThat(this.started).hasValue(1);
	}

	@Test
	void manySubscribersOnManyThreadsNeverExceedTheLimit() {
		AdaptiveLimit wide = limit(3, 3, 1000);
		AtomicInteger current = new AtomicInteger();
		AtomicInteger max = new AtomicInteger();
		Flux.range(0, 400)
			.parallel(4)
			.runOn(Schedulers.parallel())
			.flatMap((i) -> wide.run(() -> Mono.defer(() -> {
				max.accumulateAndGet(current.incrementAndGet(), Math::max);
				// Leave before completing: once completion is signalled, the gate may start the next one.
				return Mono.delay(Duration.ofMillis(1)).doOnNext((tick) -> current.decrementAndGet()).thenReturn(i);
			}).flux()))
			.sequential()
			.blockLast(Duration.ofSeconds(30));
		assertThat(max.get()).isBetween(1, 3);
		assertThat(wide.inFlight()).isZero();
	}

	@Test
	void windowsWithAnOverloadShrinkTheLimitAndBusyWindowsGrowItBackUpToTheMaximum() {
		AtomicLong nanos = new AtomicLong();
		AdaptiveLimit adaptive = new AdaptiveLimit(new InferenceProperties.Limit(10, 1, 0.9, 100), 12,
				new UpstreamFailures(TransientRetryTests.PROPERTIES)::isOverload, nanos::get);
		for (int round = 0; round < 20; round++) {
			busyRound(adaptive, nanos, status(429), 1);
		}
		assertThat(adaptive.limit()).as("shrunk by 429s").isLessThan(10);
		int shrunk = adaptive.limit();
		for (int round = 0; round < 20; round++) {
			busyRound(adaptive, nanos, status(400), Integer.MAX_VALUE);
		}
		assertThat(adaptive.limit()).as("a rejection says nothing about load").isEqualTo(shrunk);
		for (int round = 0; round < 60; round++) {
			busyRound(adaptive, nanos, null, 0);
		}
		assertThat(adaptive.limit()).as("grown back while in use").isEqualTo(12);
		assertThat(adaptive.inFlight()).isZero();
	}

	@Test
	void overloadsOfCallsSentBeforeTheLastCutAreNotCountedAgain() {
		CongestionLimit congestion = new CongestionLimit(10, 1, 20, 0.9);
		for (int i = 0; i < 8; i++) {
			congestion.onSample(0, 100, 10, true);
		}
		assertThat(congestion.getLimit()).as("eight refusals of one round trip, one cut").isEqualTo(9);
		congestion.onSample(150, 10, 9, true);
		assertThat(congestion.getLimit()).isEqualTo(8);
		for (int i = 0; i < 8; i++) {
			congestion.onSample(200, 10, 8, false);
		}
		assertThat(congestion.getLimit()).as("one more per limit's worth of successes").isEqualTo(9);
	}

	/** As many calls as the limit allows, 200 ms each; the first {@code failing} fail with {@code failure}. */
	private static void busyRound(AdaptiveLimit adaptive, AtomicLong nanos, @Nullable Throwable failure,
			int failing) {
		List<Sinks.One<String>> calls = new ArrayList<>();
		for (int i = 0; i < adaptive.limit(); i++) {
			Sinks.One<String> call = Sinks.one();
			calls.add(call);
			adaptive.run(() -> call.asMono().flux()).subscribe((value) -> { }, (ex) -> { });
		}
		nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(200));
		for (int i = 0; i < calls.size(); i++) {
			if (i < failing && failure != null) {
				calls.get(i).tryEmitError(failure);
			}
			else {
				calls.get(i).tryEmitValue("ok");
			}
		}
	}

	@Test
	void aCallBeyondAFullQueueFailsAtOnceWithUpstreamUnavailable() {
		AdaptiveLimit small = limit(1, 1, 1);
		small.run(this::work).subscribe();
		small.run(this::work).subscribe();
		StepVerifier.create(small.run(this::work)).expectErrorSatisfies((ex) -> {
			assertThat(((PagewiseException) ex).code()).isEqualTo("upstream-unavailable");
			assertThat(((PagewiseException) ex).getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
		}).verify(Duration.ofSeconds(5));
		assertThat(this.started).hasValue(1);
	}

	private static AdaptiveLimit limit(int initial, int max, int maxQueued) {
		return new AdaptiveLimit(new InferenceProperties.Limit(initial, 1, 0.9, maxQueued), max,
				new UpstreamFailures(TransientRetryTests.PROPERTIES)::isOverload);
	}

	private Flux<String> work() {
		this.started.incrementAndGet();
		Sinks.One<String> sink = Sinks.one();
		this.running.add(sink);
		return sink.asMono().flux();
	}

	private static WebClientResponseException status(int status) {
		return WebClientResponseException.create(status, "status", new HttpHeaders(), new byte[0],
				StandardCharsets.UTF_8);
	}

}
