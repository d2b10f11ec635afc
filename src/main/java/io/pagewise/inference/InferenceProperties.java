package io.pagewise.inference;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * How Pagewise reaches the inference service.
 *
 * @param baseUrl the service root, with or without a trailing {@code /v1} ({@code INFERENCE_BASE_URL})
 * @param apiKey the bearer key ({@code INFERENCE_API_KEY}); absent means questions are disabled
 * @param maxConcurrentCalls the most upstream calls in flight at once, shared by all requests of this replica: the
 * ceiling of the adaptive limit ({@code limit.*}), which learns from the upstream's answers how many it takes
 * @param connectTimeout how long to wait for a TCP connection
 * @param attemptTimeout how long one attempt may take (for a stream: the longest pause between two items)
 * @param deadline how long one logical call may take, retries and back-off included
 * @param maxRetries how many times a transient failure is retried
 * @param minBackoff the first back-off delay, doubled per retry (with jitter)
 * @param maxBackoff the longest back-off delay
 * @param circuit when to stop calling an upstream that keeps failing, and for how long
 * @param limit how the in-flight limit adapts, and how many calls may wait for it
 */
@Validated
@ConfigurationProperties("pagewise.inference")
public record InferenceProperties(@DefaultValue(DEFAULT_BASE_URL) URI baseUrl, @Nullable String apiKey,
		@DefaultValue("64") @Min(1) int maxConcurrentCalls, @DefaultValue("5s") Duration connectTimeout,
		@DefaultValue("60s") Duration attemptTimeout, @DefaultValue("120s") Duration deadline,
		@DefaultValue("4") @Min(0) int maxRetries, @DefaultValue("250ms") Duration minBackoff,
		@DefaultValue("8s") Duration maxBackoff, @DefaultValue @Valid Circuit circuit,
		@DefaultValue @Valid Limit limit) {

	static final String DEFAULT_BASE_URL = "https://api.vultrinference.com";

	@ConstructorBinding
	public InferenceProperties {
		// An exported-but-empty variable (INFERENCE_BASE_URL= / INFERENCE_API_KEY=) means "not set".
		baseUrl = StringUtils.hasText(baseUrl.toString()) ? baseUrl : URI.create(DEFAULT_BASE_URL);
		apiKey = StringUtils.hasText(apiKey) ? apiKey.strip() : null;
		Assert.isTrue(baseUrl.isAbsolute() && baseUrl.getHost() != null,
				() -> "pagewise.inference.base-url must be an absolute URL, e.g. " + DEFAULT_BASE_URL);
		requirePositive("connect-timeout", connectTimeout);
		requirePositive("attempt-timeout", attemptTimeout);
		requirePositive("deadline", deadline);
		requirePositive("min-backoff", minBackoff);
		Assert.isTrue(maxBackoff.compareTo(minBackoff) >= 0, "pagewise.inference.max-backoff must be >= min-backoff");
	}

	/** With the default adaptive limit. */
	public InferenceProperties(URI baseUrl, @Nullable String apiKey, int maxConcurrentCalls, Duration connectTimeout,
			Duration attemptTimeout, Duration deadline, int maxRetries, Duration minBackoff, Duration maxBackoff,
			Circuit circuit) {
		this(baseUrl, apiKey, maxConcurrentCalls, connectTimeout, attemptTimeout, deadline, maxRetries, minBackoff,
				maxBackoff, circuit, new Limit(16, 1, 0.9, 1000));
	}

	/** The API root ending in {@code /v1/}, however the base URL was written. */
	public URI apiUrl() {
		String path = this.baseUrl.getPath().replaceAll("/+$", "");
		if (!path.endsWith("/v1")) {
			path = path + "/v1";
		}
		return UriComponentsBuilder.fromUri(this.baseUrl).replacePath(path + "/").build(true).toUri();
	}

	/** Never shows the key, so the properties can be logged or appear in a failure analysis. */
	@Override
	public String toString() {
		String key = (this.apiKey != null) ? "<set>" : "<unset>";
		return "InferenceProperties[baseUrl=" + this.baseUrl + ", apiKey=" + key + ", maxConcurrentCalls="
				+ this.maxConcurrentCalls + ", connectTimeout=" + this.connectTimeout + ", attemptTimeout="
				+ this.attemptTimeout + ", deadline=" + this.deadline + ", maxRetries="
				+ this.maxRetries + ", minBackoff=" + this.minBackoff + ", maxBackoff=" + this.maxBackoff + ", circuit="
				+ this.circuit + ", limit=" + this.limit + "]";
	}

	/**
	 * The circuit breaker in front of the upstream.
	 *
	 * @param failureThreshold consecutive outage failures (5xx, timeouts, refused or reset connections) that open
	 * the circuit; 0 never opens it
	 * @param openFor how long an open circuit refuses calls before letting one probe through
	 */
	public record Circuit(@DefaultValue("10") @Min(0) int failureThreshold, @DefaultValue("30s") Duration openFor) {

		public Circuit {
			requirePositive("circuit.open-for", openFor);
		}

	}

	/**
	 * The adaptive in-flight limit (AIMD): one more after a success while it is in use, times {@code backoffRatio}
	 * after a 429, a 503 or a timeout; never below {@code min} nor above {@code max-concurrent-calls}.
	 *
	 * @param initial the limit at start-up
	 * @param min the lowest it goes
	 * @param backoffRatio what an overload multiplies it by, in [0.5, 1)
	 * @param maxQueued calls that may wait for a slot (within their deadline); beyond, a call fails at once (503)
	 */
	public record Limit(@DefaultValue("16") @Min(1) int initial, @DefaultValue("1") @Min(1) int min,
			@DefaultValue("0.9") double backoffRatio, @DefaultValue("1000") @Min(0) int maxQueued) {

		public Limit {
			Assert.isTrue(backoffRatio >= 0.5 && backoffRatio < 1,
					"pagewise.inference.limit.backoff-ratio must be at least 0.5 and less than 1");
			Assert.isTrue(initial >= min, "pagewise.inference.limit.initial must be >= limit.min");
		}

	}

	private static void requirePositive(String name, Duration duration) {
		Assert.isTrue(duration.isPositive(), () -> "pagewise.inference." + name + " must be positive");
	}

}
