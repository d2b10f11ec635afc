package io.pagewise.inference;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * When one logical upstream call must be over: retries, back-off, waiting for a slot and the response included.
 * Read from Reactor's clock, so that tests on virtual time see it move.
 */
final class Deadline {

	private final Scheduler clock = Schedulers.parallel();

	private final long atMillis;

	private Deadline(Duration budget) {
		this.atMillis = now() + budget.toMillis();
	}

	static Deadline in(Duration budget) {
		return new Deadline(budget);
	}

	/** What is left of it, never negative. */
	Duration remaining() {
		return Duration.ofMillis(Math.max(0, this.atMillis - now()));
	}

	/** Whether waiting {@code delay} from now would reach it. */
	boolean reachedAfter(Duration delay) {
		return now() + delay.toMillis() >= this.atMillis;
	}

	long now() {
		return this.clock.now(TimeUnit.MILLISECONDS);
	}

}
