package io.pagewise.document;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Sweeps what writes a crash interrupted ({@code .part} files, scratch copies) once the service has started, in
 * the background so start-up does not wait for a walk of the store.
 */
@Component
class StaleWrites {

	private static final Logger logger = LoggerFactory.getLogger(StaleWrites.class);

	/** Far longer than any write or upload takes: what is older was left by a crash (on any replica). */
	static final Duration STALE = Duration.ofHours(1);

	private final DocumentStore store;

	StaleWrites(DocumentStore store) {
		this.store = store;
	}

	@EventListener(ApplicationReadyEvent.class)
	void sweepInBackground() {
		Thread.ofVirtual().name("storage-sweep").start(this::sweep);
	}

	void sweep() {
		int removed = this.store.sweepStale(STALE);
		if (removed > 0) {
			logger.info("Removed {} files left by interrupted writes", removed);
		}
	}

}
