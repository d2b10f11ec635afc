package io.pagewise.answer.cache;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/**
 * Remembers that Redis just failed: for a while every request computes without the cache instead of waiting on
 * a server that is down, and the log says so once per such interval rather than once per request.
 */
class RedisOutage {

	private static final Logger logger = LoggerFactory.getLogger(RedisOutage.class);

	private final long backoffNanos;

	private final AtomicLong until = new AtomicLong(System.nanoTime());

	RedisOutage(Duration backoff) {
		this.backoffNanos = backoff.toNanos();
	}

	/** Whether Redis may be asked now. */
	boolean callsAllowed() {
		return System.nanoTime() - this.until.get() >= 0;
	}

	void failed(DataAccessException ex) {
		long now = System.nanoTime();
		long previous = this.until.getAndSet(now + this.backoffNanos);
		if (now - previous >= 0) {
			logger.warn("Results cache (Redis) unavailable, computing without it for the next {} s: {}",
					this.backoffNanos / 1_000_000_000, ex.getMostSpecificCause().getMessage());
		}
	}

}
