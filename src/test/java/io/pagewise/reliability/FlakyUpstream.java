package io.pagewise.reliability;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterAction;
import com.github.tomakehurst.wiremock.extension.requestfilter.StubRequestFilterV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import org.jspecify.annotations.Nullable;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

/**
 * A flaky upstream in front of the stub's faithful model routes: with a seeded random, about 15% of calls fail
 * with 500/503, 10% with 429 and {@code Retry-After: 1}, 5% with a connection reset, and 5% with a broken body
 * (truncated JSON, or a malformed chunk). The rest reach the stub's real responders.
 * <p>
 * Flaky, not dead: the same request body never fails more than {@link #MAX_FAULTS_IN_A_ROW} times in a row, so a
 * client that retries enough always gets through — whether it does is what the tests check.
 */
final class FlakyUpstream implements StubRequestFilterV2 {

	static final int MAX_FAULTS_IN_A_ROW = 3;

	private final Random random;

	private final Map<Kind, Integer> injected = new EnumMap<>(Kind.class);

	private final Map<Integer, Integer> faultsInARow = new HashMap<>();

	private int passed;

	private boolean enabled;

	FlakyUpstream(long seed) {
		this.random = new Random(seed);
	}

	@Override
	public String getName() {
		return "flaky-upstream";
	}

	/** Starts failing calls, with fresh counts. */
	synchronized void failCalls() {
		this.enabled = true;
		this.injected.clear();
		this.faultsInARow.clear();
		this.passed = 0;
	}

	/** Lets every call through again; the counts stay readable. */
	synchronized void heal() {
		this.enabled = false;
	}

	/** Faults injected since the last {@link #failCalls}, by kind. */
	synchronized Map<Kind, Integer> injected() {
		return new EnumMap<>(this.injected);
	}

	synchronized int totalInjected() {
		return this.injected.values().stream().mapToInt(Integer::intValue).sum();
	}

	/** Model calls let through to the stub since the last {@link #failCalls}. */
	synchronized int passed() {
		return this.passed;
	}

	@Override
	public RequestFilterAction filter(Request request, ServeEvent serveEvent) {
		if (!RequestMethod.POST.equals(request.getMethod()) || !isModelRoute(request.getUrl())) {
			return RequestFilterAction.continueWith(request);
		}
		@Nullable Kind fault = decide(Arrays.hashCode(request.getBody()));
		return (fault == null) ? RequestFilterAction.continueWith(request)
				: RequestFilterAction.stopWith(fault.response());
	}

	private synchronized @Nullable Kind decide(int body) {
		if (!this.enabled) {
			return null;
		}
		int inARow = this.faultsInARow.getOrDefault(body, 0);
		@Nullable Kind fault = Kind.draw(this.random.nextDouble());
		if (fault == null || inARow >= MAX_FAULTS_IN_A_ROW) {
			this.faultsInARow.remove(body);
			this.passed++;
			return null;
		}
		this.faultsInARow.put(body, inARow + 1);
		this.injected.merge(fault, 1, Integer::sum);
		return fault;
	}

	private static boolean isModelRoute(String url) {
		return url.equals("/v1/rerank") || url.equals("/v1/chat/completions");
	}

	/** The faults, each with its share of calls. */
	enum Kind {

		SERVER_ERROR(0.075), UNAVAILABLE(0.075), RATE_LIMITED(0.10), CONNECTION_RESET(0.05), TRUNCATED_JSON(0.025),
		MALFORMED_CHUNK(0.025);

		private final double share;

		Kind(double share) {
			this.share = share;
		}

		static @Nullable Kind draw(double dice) {
			double bound = 0;
			for (Kind kind : values()) {
				bound += kind.share;
				if (dice < bound) {
					return kind;
				}
			}
			return null;
		}

		ResponseDefinition response() {
			return switch (this) {
				case SERVER_ERROR -> json(500, "{\"object\":\"error\",\"message\":\"Internal Server Error\"}");
				case UNAVAILABLE -> json(503, "{\"object\":\"error\",\"message\":\"Service Unavailable\"}");
				case RATE_LIMITED -> aResponse().withStatus(429)
					.withHeader("Retry-After", "1")
					.withHeader("Content-Type", "application/json")
					.withBody("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"rate_limit_error\"}}")
					.build();
				case CONNECTION_RESET -> aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER).build();
				case TRUNCATED_JSON -> json(200, "{\"id\":\"score-3f2a\",\"model\":\"m\",\"results\":[{\"index\":0,"
						+ "\"relevance_score\":4.");
				case MALFORMED_CHUNK -> aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK).build();
			};
		}

		private static ResponseDefinition json(int status, String body) {
			return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body).build();
		}

	}

}
