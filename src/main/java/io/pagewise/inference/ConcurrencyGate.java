package io.pagewise.inference;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * A non-blocking semaphore: at most {@code limit} units of work run at once, the rest wait in arrival order
 * without holding a thread. A slot is held from the moment work is subscribed until it completes, fails or is
 * cancelled — so a caller backing off between retries holds nothing.
 */
final class ConcurrencyGate {

	private final int limit;

	private final Queue<Permit> waiting = new ArrayDeque<>();

	private int inFlight;

	ConcurrencyGate(int limit) {
		this.limit = limit;
	}

	<T> Mono<T> run(Supplier<Mono<T>> work) {
		return Mono.usingWhen(acquire(), (permit) -> work.get(), Permit::release, (permit, ex) -> permit.release(),
				Permit::release);
	}

	<T> Flux<T> runMany(Supplier<Flux<T>> work) {
		return Flux.usingWhen(acquire(), (permit) -> work.get(), Permit::release, (permit, ex) -> permit.release(),
				Permit::release);
	}

	synchronized int inFlight() {
		return this.inFlight;
	}

	synchronized int waiting() {
		return this.waiting.size();
	}

	private Mono<Permit> acquire() {
		return Mono.create((sink) -> {
			Permit permit = new Permit(sink);
			sink.onCancel(permit::abandon);
			permit.enter();
		});
	}

	/** Gives a freed slot to the next waiter, or frees it; returns the waiter to notify outside the lock. */
	private @Nullable Permit handOff() {
		Permit next = this.waiting.poll();
		if (next == null) {
			this.inFlight--;
			return null;
		}
		next.state = State.GRANTED;
		return next;
	}

	private enum State {

		NEW, WAITING, GRANTED, DONE

	}

	/** One subscriber's claim on a slot; every state change happens under the gate's lock. */
	private final class Permit {

		private final MonoSink<Permit> sink;

		private State state = State.NEW;

		Permit(MonoSink<Permit> sink) {
			this.sink = sink;
		}

		void enter() {
			boolean granted;
			synchronized (ConcurrencyGate.this) {
				if (this.state != State.NEW) {
					return;
				}
				granted = ConcurrencyGate.this.inFlight < ConcurrencyGate.this.limit;
				if (granted) {
					ConcurrencyGate.this.inFlight++;
					this.state = State.GRANTED;
				}
				else {
					this.state = State.WAITING;
					ConcurrencyGate.this.waiting.add(this);
				}
			}
			if (granted) {
				this.sink.success(this);
			}
		}

		/** The subscriber went away before receiving the permit: leave the queue, or pass on a granted slot. */
		void abandon() {
			@Nullable Permit next = null;
			synchronized (ConcurrencyGate.this) {
				if (this.state == State.WAITING) {
					ConcurrencyGate.this.waiting.remove(this);
				}
				else if (this.state == State.GRANTED) {
					next = handOff();
				}
				this.state = State.DONE;
			}
			grant(next);
		}

		Mono<Void> release() {
			return Mono.fromRunnable(() -> {
				@Nullable Permit next = null;
				synchronized (ConcurrencyGate.this) {
					if (this.state == State.GRANTED) {
						next = handOff();
					}
					this.state = State.DONE;
				}
				grant(next);
			});
		}

		private static void grant(@Nullable Permit next) {
			if (next != null) {
				next.sink.success(next);
			}
		}

	}

}
