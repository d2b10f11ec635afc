package io.pagewise.inference;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/** The retry policy on virtual time: what is retried, how often, and how long it waits. */
class TransientRetryTests {

	static final InferenceProperties PROPERTIES = new InferenceProperties(URI.create("http://stub"), "key", 8,
			Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(120), 4, Duration.ofMillis(250),
			Duration.ofSeconds(8),
			new InferenceProperties.Circuit(10, Duration.ofSeconds(30)));

	private final UpstreamFailures failures = new UpstreamFailures(PROPERTIES);

	private final AtomicInteger subscriptions = new AtomicInteger();

	@Test
	void aTransientFailureIsRetriedUpToMaxRetriesThenFinal() {
		StepVerifier.withVirtualTime(() -> failing(status(503, null)).retryWhen(retry()))
			.thenAwait(Duration.ofMinutes(1))
			.expectError(WebClientResponseException.ServiceUnavailable.class)
			.verify(Duration.ofSeconds(5));
		assertThat(this.subscriptions).hasValue(1 + PROPERTIES.maxRetries());
	}

	@ParameterizedTest
	@ValueSource(ints = { 400, 401, 403, 404, 413, 422 })
	void aClientErrorIsNeverRetried(int status) {
		StepVerifier.withVirtualTime(() -> failing(status(status, null)).retryWhen(retry()))
			.expectError(WebClientResponseException.class)
			.verify(Duration.ofSeconds(5));
		assertThat(this.subscriptions).hasValue(1);
	}

	@Test
	void retryAfterIsHonouredEvenBeyondMaxBackoff() {
		StepVerifier.withVirtualTime(() -> failOnce(status(429, "30")).retryWhen(retry()))
			.expectSubscription()
			.thenAwait(Duration.ofSeconds(29))
			.then(() -> assertThat(this.subscriptions).hasValue(1))
			.thenAwait(Duration.ofSeconds(1))
			.expectNext("ok")
			.verifyComplete();
		assertThat(this.subscriptions).hasValue(2);
	}

	@Test
	void aRetryAfterBeyondTheDeadlineEndsTheCallAtOnce() {
		StepVerifier.withVirtualTime(() -> failOnce(status(429, "600")).retryWhen(retry()))
			.expectError(WebClientResponseException.TooManyRequests.class)
			.verify(Duration.ofSeconds(5));
		assertThat(this.subscriptions).hasValue(1);
	}

	@Test
	void aStreamThatHasEmittedIsNotRetried() {
		StepVerifier.withVirtualTime(() -> failing(status(503, null))
			.retryWhen(new TransientRetry(PROPERTIES, this.failures, () -> false)))
			.expectError(WebClientResponseException.class)
			.verify(Duration.ofSeconds(5));
		assertThat(this.subscriptions).hasValue(1);
	}

	@Test
	void backoffDoublesWithJitterWithinTheBounds() {
		TransientRetry retry = retry();
		for (int i = 0; i < 200; i++) {
			assertThat(retry.backoff(0)).isBetween(Duration.ofMillis(250), Duration.ofMillis(375));
			assertThat(retry.backoff(2)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1500));
			assertThat(retry.backoff(10)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(8));
			assertThat(retry.backoff(62)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(8));
		}
	}

	private TransientRetry retry() {
		return new TransientRetry(PROPERTIES, this.failures, () -> true);
	}

	private Mono<String> failing(Throwable failure) {
		return Mono.defer(() -> {
			this.subscriptions.incrementAndGet();
			return Mono.error(failure);
		});
	}

	private Mono<String> failOnce(Throwable failure) {
		return Mono.defer(() -> (this.subscriptions.incrementAndGet() == 1) ? Mono.error(failure) : Mono.just("ok"));
	}

	private static WebClientResponseException status(int status, String retryAfter) {
		HttpHeaders headers = new HttpHeaders();
		if (retryAfter != null) {
			headers.add(HttpHeaders.RETRY_AFTER, retryAfter);
		}
		return WebClientResponseException.create(status, "status", headers, new byte[0], StandardCharsets.UTF_8);
	}

}
