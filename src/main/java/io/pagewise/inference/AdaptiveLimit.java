package io.pagewise.inference;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * How many upstream calls this replica has in flight at once, learned from the upstream's answers: an AIMD
 * limit ({@link CongestionLimit}) that a 429, 503 or timeout cuts to {@code backoffRatio} of itself and successes
 * grow by one per limit's worth while it is in use; Netflix concurrency-limits' {@link SimpleLimiter} admits calls
 * under it and feeds it their outcomes.
 * <p>
 * What the library does not offer is a non-blocking wait (its blocking limiters park a thread): callers beyond
 * the limit wait here, in arrival order and without holding a thread, in a queue of at most {@code maxQueued}
 * (beyond it a call fails at once with 503). A waiter leaves the queue when its call is cancelled, e.g. at its
 * deadline. A slot is held from the moment work is subscribed until it completes, fails or is cancelled, so a
 * caller backing off between retries holds nothing.
 */
final class AdaptiveLimit {

	private final SimpleLimiter<@Nullable Void> limiter;

	private final int maxQueued;

	private final Predicate<Throwable> isOverload;

	private final Queue<Waiter> waiting = new ArrayDeque<>();

	/**
	 * @param isOverload which failures shrink the limit; others leave it as it is
	 */
	AdaptiveLimit(InferenceProperties.Limit properties, int max, Predicate<Throwable> isOverload) {
		this(properties, max, isOverload, System::nanoTime);
	}

	/** With the clock that times calls and sample windows (a hand-moved one in tests). */
	AdaptiveLimit(InferenceProperties.Limit properties, int max, Predicate<Throwable> isOverload,
			LongSupplier nanoClock) {
		this.limiter = SimpleLimiter.newBuilder()
			.named("upstream")
			.nanoClock(nanoClock)
			.limit(new CongestionLimit(properties.initial(), properties.min(), max, properties.backoffRatio()))
			.build();
		this.maxQueued = properties.maxQueued();
		this.isOverload = isOverload;
	}

	/** Runs {@code work} once a slot is free, and tells the limit how it went. */
	<T> Flux<T> run(Supplier<Flux<T>> work) {
		return Flux.usingWhen(acquire(), (slot) -> work.get(), Slot::succeeded, Slot::failed, Slot::cancelled);
	}

	/** The current limit. */
	int limit() {
		return this.limiter.getLimit();
	}

	int inFlight() {
		return this.limiter.getInflight();
	}

	synchronized int waiting() {
		return this.waiting.size();
	}

	private Mono<Slot> acquire() {
		return Mono.create((sink) -> {
			Waiter waiter = new Waiter(sink);
			sink.onCancel(waiter::abandon);
			waiter.enter();
		});
	}

	/** Gives free slots to waiters in arrival order; returns those to notify outside the lock. */
	private List<Waiter> handOut() {
		List<Waiter> granted = new ArrayList<>(1);
		while (!this.waiting.isEmpty()) {
			Optional<Limiter.Listener> listener = this.limiter.acquire(null);
			if (listener.isEmpty()) {
				break;
			}
			Waiter next = this.waiting.poll();
			next.grant(listener.get());
			granted.add(next);
		}
		return granted;
	}

	private enum State {

		NEW, WAITING, GRANTED, DONE

	}

	/** One subscriber's claim on a slot; every state change happens under the limit's lock. */
	private final class Waiter {

		private final MonoSink<Slot> sink;

		private State state = State.NEW;

		private @Nullable Slot slot;

		Waiter(MonoSink<Slot> sink) {
			this.sink = sink;
		}

		void enter() {
			boolean full;
			synchronized (AdaptiveLimit.this) {
				if (this.state != State.NEW) {
					return;
				}
				Optional<Limiter.Listener> listener = AdaptiveLimit.this.waiting.isEmpty()
						? AdaptiveLimit.this.limiter.acquire(null) : Optional.empty();
				full = listener.isEmpty() && AdaptiveLimit.this.waiting.size() >= AdaptiveLimit.this.maxQueued;
				if (listener.isPresent()) {
					grant(listener.get());
				}
				else if (!full) {
					this.state = State.WAITING;
					AdaptiveLimit.this.waiting.add(this);
				}
			}
			if (full) {
				this.sink.error(UpstreamException.busy(AdaptiveLimit.this.maxQueued));
			}
			else {
				notifyGranted();
			}
		}

		void grant(Limiter.Listener listener) {
			this.state = State.GRANTED;
			this.slot = new Slot(listener);
		}

		void notifyGranted() {
			if (this.slot != null) {
				this.sink.success(this.slot);
			}
		}

		/** The subscriber went away before using its slot: leave the queue, or pass the slot on. */
		void abandon() {
			Slot granted = null;
			synchronized (AdaptiveLimit.this) {
				if (this.state == State.WAITING) {
					AdaptiveLimit.this.waiting.remove(this);
				}
				else if (this.state == State.GRANTED) {
					granted = this.slot;
				}
				this.state = State.DONE;
			}
			if (granted != null) {
				granted.release(Limiter.Listener::onIgnore);
			}
		}

	}

	/** A slot in use: released once, whatever signals follow, with what the call says about the upstream. */
	private final class Slot {

		private final Limiter.Listener listener;

		private final AtomicBoolean released = new AtomicBoolean();

		Slot(Limiter.Listener listener) {
			this.listener = listener;
		}

		Mono<Void> succeeded() {
			return Mono.fromRunnable(() -> release(Limiter.Listener::onSuccess));
		}

		Mono<Void> failed(Throwable failure) {
			return Mono.fromRunnable(() -> release(AdaptiveLimit.this.isOverload.test(failure)
					? Limiter.Listener::onDropped : Limiter.Listener::onIgnore));
		}

		Mono<Void> cancelled() {
			return Mono.fromRunnable(() -> release(Limiter.Listener::onIgnore));
		}

		void release(Consumer<Limiter.Listener> outcome) {
			if (!this.released.compareAndSet(false, true)) {
				return;
			}
			List<Waiter> granted;
			synchronized (AdaptiveLimit.this) {
				outcome.accept(this.listener);
				granted = handOut();
			}
			granted.forEach(Waiter::notifyGranted);
		}

	}

}
