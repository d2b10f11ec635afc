package io.pagewise.inference;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

class ConcurrencyGateTests {

	private final ConcurrencyGate gate = new ConcurrencyGate(2);

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
		this.gate.runMany(stream::asFlux).subscribe();
		this.gate.runMany(() -> Flux.<String>never()).subscribe();
		this.gate.run(this::work).subscribe();
		stream.tryEmitNext("chunk");
		assertThat(this.started).hasValue(0);
		stream.tryEmitComplete();
		assertThat(this.started).hasValue(1);
	}

	@Test
	void manySubscribersOnManyThreadsNeverExceedTheLimit() {
		ConcurrencyGate wide = new ConcurrencyGate(3);
		AtomicInteger current = new AtomicInteger();
		AtomicInteger max = new AtomicInteger();
		Flux.range(0, 400)
			.parallel(4)
			.runOn(Schedulers.parallel())
			.flatMap((i) -> wide.run(() -> Mono.defer(() -> {
				max.accumulateAndGet(current.incrementAndGet(), Math::max);
				// Leave before completing: once completion is signalled, the gate may start the next one.
				return Mono.delay(Duration.ofMillis(1)).doOnNext((tick) -> current.decrementAndGet()).thenReturn(i);
			})))
			.sequential()
			.blockLast(Duration.ofSeconds(30));
		assertThat(max.get()).isBetween(1, 3);
		assertThat(wide.inFlight()).isZero();
	}

	private Mono<String> work() {
		this.started.incrementAndGet();
		Sinks.One<String> sink = Sinks.one();
		this.running.add(sink);
		return sink.asMono();
	}

}
