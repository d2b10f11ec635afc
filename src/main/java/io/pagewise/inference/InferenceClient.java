package io.pagewise.inference;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.pagewise.PagewiseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The one way out to the inference service. It owns the managed {@link WebClient} (base URL, key, connect
 * timeout) and the policy every upstream call follows: a circuit breaker that stops calling an upstream that keeps
 * failing, a global cap on calls in flight, a timeout per attempt, retries of transient failures only, an overall
 * deadline, and failures translated into {@link UpstreamException}s.
 */
@Component
public class InferenceClient {

	private static final Logger logger = LoggerFactory.getLogger(InferenceClient.class);

	private final InferenceProperties properties;

	private final WebClient webClient;

	private final ConcurrencyGate gate;

	private final UpstreamFailures failures;

	private final CircuitBreaker circuit;

	InferenceClient(InferenceProperties properties, WebClient.Builder builder,
			ObjectProvider<ClientHttpConnectorBuilder<?>> connectors, ObjectProvider<HttpClientSettings> settings) {
		this.properties = properties;
		this.webClient = webClient(properties, builder.clone(),
				connectors.getIfAvailable(ClientHttpConnectorBuilder::detect),
				settings.getIfAvailable(HttpClientSettings::defaults));
		this.gate = new ConcurrencyGate(properties.maxConcurrentCalls());
		this.failures = new UpstreamFailures(properties);
		this.circuit = new CircuitBreaker(properties.circuit(), this.failures::isOutage, InferenceClient::now);
		if (!configured()) {
			logger.warn("INFERENCE_API_KEY is not set: questions and rankings are disabled until it is set "
					+ "(documents can still be uploaded and viewed)");
		}
	}

	/** Whether an API key is configured. */
	public boolean configured() {
		return this.properties.apiKey() != null;
	}

	/** Fails with a 503 {@code upstream-not-configured} problem when no API key is configured. */
	public void requireConfigured() {
		if (!configured()) {
			throw new PagewiseException(HttpStatus.SERVICE_UNAVAILABLE, "upstream-not-configured",
					"Inference not configured",
					"Questions are disabled on this server: set INFERENCE_API_KEY and restart it.");
		}
	}

	/** The managed client: relative URIs resolve against {@code .../v1/}, key and JSON headers are set. */
	public WebClient webClient() {
		return this.webClient;
	}

	/**
	 * Runs one logical upstream call under the shared policy: the circuit breaker (while it is open, attempts
	 * fail at once with a 503 {@code upstream-unavailable} and a {@code Retry-After}), the global cap (a slot is
	 * held only while an attempt is in flight, not while backing off), a timeout per attempt, retries of transient
	 * failures (429 honouring {@code Retry-After}, 5xx, timeouts, resets, malformed bodies) with jittered
	 * exponential back-off, and the overall deadline. 400/401/403/404/413/422 are never retried.
	 * @param operation a short, fixed name for messages ("rerank", "chat")
	 * @param attempt makes one attempt; called once per attempt
	 * @return the result, or an {@link UpstreamException} (other {@code PagewiseException}s pass unchanged)
	 */
	public <T> Mono<T> call(String operation, Supplier<Mono<T>> attempt) {
		return Mono.defer(() -> {
			requireConfigured();
			AtomicInteger attempts = new AtomicInteger();
			return this.circuit.admit(() -> this.gate.run(() -> this.circuit.guard(() -> {
				attempts.incrementAndGet();
				return Mono.defer(attempt).timeout(this.properties.attemptTimeout());
			})))
				.retryWhen(new TransientRetry(this.properties, this.failures, () -> true))
				.timeout(this.properties.deadline())
				.onErrorMap((ex) -> this.failures.translate(operation, ex, attempts.get()));
		});
	}

	/**
	 * Like {@link #call} for a streamed response (server-sent events): the attempt timeout bounds the pause
	 * between two items, the deadline the whole stream, and a failure is retried only if nothing was emitted yet
	 * (a retry after the first item would repeat it).
	 */
	public <T> Flux<T> stream(String operation, Supplier<Flux<T>> attempt) {
		return Flux.defer(() -> {
			requireConfigured();
			AtomicInteger attempts = new AtomicInteger();
			AtomicBoolean emitted = new AtomicBoolean();
			long deadline = now() + this.properties.deadline().toMillis();
			return this.circuit.admitMany(() -> this.gate.runMany(() -> this.circuit.guardMany(() -> {
				attempts.incrementAndGet();
				return Flux.defer(attempt)
					.timeout(this.properties.attemptTimeout())
					.doOnNext((item) -> emitted.set(true));
			})))
				.retryWhen(new TransientRetry(this.properties, this.failures, () -> !emitted.get()))
				.timeout(Mono.delay(this.properties.deadline()), (item) -> Mono.delay(remaining(deadline)))
				.onErrorMap((ex) -> this.failures.translate(operation, ex, attempts.get()));
		});
	}

	int inFlight() {
		return this.gate.inFlight();
	}

	CircuitBreaker circuit() {
		return this.circuit;
	}

	private static Duration remaining(long deadlineMillis) {
		return Duration.ofMillis(Math.max(0, deadlineMillis - now()));
	}

	/** Reactor's clock, so that tests on virtual time see the deadline move. */
	private static long now() {
		return Schedulers.parallel().now(TimeUnit.MILLISECONDS);
	}

	private static WebClient webClient(InferenceProperties properties, WebClient.Builder builder,
			ClientHttpConnectorBuilder<?> connector, HttpClientSettings settings) {
		builder.baseUrl(properties.apiUrl().toString())
			.clientConnector(connector.build(settings.withConnectTimeout(properties.connectTimeout())))
			.defaultHeader(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE);
		if (properties.apiKey() != null) {
			builder.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + properties.apiKey());
		}
		return builder.build();
	}

}
