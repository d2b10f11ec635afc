package io.pagewise.inference;

import java.time.Clock;
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

/**
 * The one way out to the inference service. It owns the managed {@link WebClient} (base URL, key, connect
 * timeout) and the policy every upstream call follows: a circuit breaker that stops calling an upstream that keeps
 * failing, an in-flight limit that adapts to what the upstream takes (callers beyond it wait), a timeout per
 * attempt, retries of transient failures only, one deadline over all of it, and failures translated into
 * {@link UpstreamException}s. A single-result call is a stream of one item: both take the same path.
 */
@Component
public class InferenceClient {

	private static final Logger logger = LoggerFactory.getLogger(InferenceClient.class);

	private final InferenceProperties properties;

	private final WebClient webClient;

	private final AdaptiveLimit limit;

	private final UpstreamFailures failures;

	private final UpstreamCircuit circuit;

	InferenceClient(InferenceProperties properties, WebClient.Builder builder,
			ObjectProvider<ClientHttpConnectorBuilder<?>> connectors, ObjectProvider<HttpClientSettings> settings) {
		this.properties = properties;
		this.webClient = webClient(properties, builder.clone(),
				connectors.getIfAvailable(ClientHttpConnectorBuilder::detect),
				settings.getIfAvailable(HttpClientSettings::defaults));
		this.failures = new UpstreamFailures(properties);
		this.limit = new AdaptiveLimit(properties.limit(), properties.maxConcurrentCalls(), this.failures::isOverload);
		this.circuit = new UpstreamCircuit(properties.circuit(), this.failures::isOutage, Clock.systemUTC());
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
	 * Runs one logical upstream call under the shared policy (see {@link #stream}): the circuit breaker, the
	 * adaptive limit, a timeout per attempt, retries of transient failures (429 honouring {@code Retry-After},
	 * 5xx, timeouts, resets, malformed bodies) with jittered exponential back-off, and the overall deadline.
	 * 400/401/403/404/413/422 are never retried.
	 * @param operation a short, fixed name for messages ("rerank", "chat")
	 * @param attempt makes one attempt; called once per attempt
	 * @return the result, or an {@link UpstreamException} (other {@code PagewiseException}s pass unchanged)
	 */
	public <T> Mono<T> call(String operation, Supplier<Mono<T>> attempt) {
		return stream(operation, () -> attempt.get().flux()).singleOrEmpty();
	}

	/**
	 * Runs one logical upstream call whose response is a stream (server-sent events, or one item):
	 * <ul>
	 * <li>while the circuit is open, it fails at once with a 503 {@code upstream-unavailable} and a
	 * {@code Retry-After}; while its probe is out, it waits for the probe's outcome;</li>
	 * <li>beyond the adaptive limit it waits for a slot (held only while an attempt is in flight, not while
	 * backing off);</li>
	 * <li>the attempt timeout bounds the wait for each item, the deadline the whole call, slot and back-off
	 * included; a {@code Retry-After} that would pass the deadline ends the call at once with a 503 that carries
	 * it;</li>
	 * <li>a failure is retried only if nothing was emitted yet (a retry after the first item would repeat it).</li>
	 * </ul>
	 */
	public <T> Flux<T> stream(String operation, Supplier<Flux<T>> attempt) {
		return Flux.defer(() -> {
			requireConfigured();
			Deadline deadline = Deadline.in(this.properties.deadline());
			AtomicInteger attempts = new AtomicInteger();
			AtomicBoolean emitted = new AtomicBoolean();
			return this.circuit.guard(() -> this.limit.run(() -> {
				attempts.incrementAndGet();
				return Flux.defer(attempt)
					.timeout(this.properties.attemptTimeout())
					.doOnNext((item) -> emitted.set(true));
			}))
				.retryWhen(new TransientRetry(this.properties, this.failures, () -> !emitted.get(), deadline))
				.timeout(Mono.defer(() -> Mono.delay(deadline.remaining())),
						(item) -> Mono.delay(deadline.remaining()))
				.onErrorMap((ex) -> this.failures.translate(operation, ex, attempts.get()));
		});
	}

	/**
	 * How many more calls the upstream takes from this replica right now without waiting: the adaptive limit less
	 * the calls in flight and waiting; 0 when busy. For sizing work, e.g. how many batches to split a document into.
	 */
	public int availableCalls() {
		return Math.max(0, this.limit.limit() - this.limit.inFlight() - this.limit.waiting());
	}

	int inFlight() {
		return this.limit.inFlight();
	}

	AdaptiveLimit limit() {
		return this.limit;
	}

	UpstreamCircuit circuit() {
		return this.circuit;
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
