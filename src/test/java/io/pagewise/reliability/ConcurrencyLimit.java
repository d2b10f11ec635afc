package io.pagewise.reliability;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterAction;
import com.github.tomakehurst.wiremock.extension.requestfilter.StubRequestFilterV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import org.jspecify.annotations.Nullable;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

/**
 * The provider's concurrency limit in front of the stub's model routes: at most {@code limit} calls at once; beyond
 * that, {@code 429} with {@code Retry-After: 1}, as a rate-limited account gets. A call counts from admission until
 * just before its response is sent. {@link #rateLimitEverything} makes it refuse every call for a while, with a
 * longer {@code Retry-After}, as an account over its quota.
 */
final class ConcurrencyLimit implements StubRequestFilterV2, ServeEventListener {

	private final int limit;

	private final Set<UUID> admitted = ConcurrentHashMap.newKeySet();

	private int inFlight;

	private int refused;

	private int refusedForQuota;

	private long quotaUntilNanos = System.nanoTime();

	private String quotaRetryAfter = "1";

	ConcurrencyLimit(int limit) {
		this.limit = limit;
	}

	@Override
	public String getName() {
		return "concurrency-limit";
	}

	@Override
	public RequestFilterAction filter(Request request, ServeEvent serveEvent) {
		boolean modelCall = RequestMethod.POST.equals(request.getMethod())
				&& (request.getUrl().equals("/v1/rerank") || request.getUrl().equals("/v1/chat/completions"));
		if (!modelCall) {
			return RequestFilterAction.continueWith(request);
		}
		String overQuota = overQuota();
		if (overQuota != null) {
			return tooManyRequests(overQuota);
		}
		if (admit(serveEvent.getId())) {
			return RequestFilterAction.continueWith(request);
		}
		return tooManyRequests("1");
	}

	/** From now on, for {@code window}, every model call is refused with {@code Retry-After: retryAfterSeconds}. */
	synchronized void rateLimitEverything(Duration window, int retryAfterSeconds) {
		this.quotaUntilNanos = System.nanoTime() + window.toNanos();
		this.quotaRetryAfter = Integer.toString(retryAfterSeconds);
	}

	/** Calls answered 429 by {@link #rateLimitEverything}. */
	synchronized int refusedForQuota() {
		return this.refusedForQuota;
	}

	private synchronized @Nullable String overQuota() {
		if (System.nanoTime() - this.quotaUntilNanos >= 0) {
			return null;
		}
		this.refusedForQuota++;
		return this.quotaRetryAfter;
	}

	private static RequestFilterAction tooManyRequests(String retryAfter) {
		return RequestFilterAction.stopWith(aResponse().withStatus(429)
			.withHeader("Retry-After", retryAfter)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"error\":{\"message\":\"Too many concurrent requests\",\"type\":\"rate_limit_error\"}}")
			.build());
	}

	@Override
	public void beforeResponseSent(ServeEvent serveEvent, Parameters parameters) {
		if (this.admitted.remove(serveEvent.getId())) {
			synchronized (this) {
				this.inFlight--;
			}
		}
	}

	/** Calls answered 429 because {@code limit} were already in flight. */
	synchronized int refused() {
		return this.refused;
	}

	synchronized int inFlight() {
		return this.inFlight;
	}

	private synchronized boolean admit(UUID call) {
		if (this.inFlight >= this.limit) {
			this.refused++;
			return false;
		}
		this.inFlight++;
		this.admitted.add(call);
		return true;
	}

}
