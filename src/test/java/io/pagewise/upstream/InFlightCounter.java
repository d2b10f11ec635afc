package io.pagewise.upstream;

import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * Counts requests the stub is working on at once, and the most it ever saw. A request counts from before
 * matching until just before its response is sent, so the count never exceeds what the client has in flight.
 * (WireMock's own {@code withFixedDelay} happens after that and is therefore not counted.)
 */
final class InFlightCounter implements ServeEventListener {

	private final AtomicInteger current = new AtomicInteger();

	private final AtomicInteger max = new AtomicInteger();

	@Override
	public void beforeMatch(ServeEvent serveEvent, Parameters parameters) {
		int now = this.current.incrementAndGet();
		this.max.accumulateAndGet(now, Math::max);
	}

	@Override
	public void beforeResponseSent(ServeEvent serveEvent, Parameters parameters) {
		this.current.decrementAndGet();
	}

	@Override
	public String getName() {
		return "in-flight-counter";
	}

	int max() {
		return this.max.get();
	}

	void reset() {
		this.max.set(this.current.get());
	}

}
