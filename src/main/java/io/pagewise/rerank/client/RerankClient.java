package io.pagewise.rerank.client;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pagewise.PagewiseException;
import io.pagewise.inference.InferenceClient;
import io.pagewise.inference.MalformedResponseException;
import io.pagewise.page.PageImage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.ClientResponse;
import reactor.core.publisher.Mono;

/**
 * Scores one batch of pages with one {@code POST /v1/rerank} (retried under the shared policy of
 * {@link InferenceClient}). A 413 is an answer here, not a failure, so the caller can split the batch.
 */
@Component
public class RerankClient {

	private static final Logger logger = LoggerFactory.getLogger(RerankClient.class);

	private final InferenceClient inference;

	private final MeterRegistry registry;

	RerankClient(InferenceClient inference, MeterRegistry registry) {
		this.inference = inference;
		this.registry = registry;
	}

	public Mono<BatchResult> rerank(RerankBody body, List<PageImage> batch) {
		return Mono.defer(() -> {
			byte[] json = body.serialize(batch);
			AtomicInteger attempts = new AtomicInteger();
			Timer.Sample sample = Timer.start(this.registry);
			return this.inference.call("rerank", () -> attempt(body.model(), json, batch.size(), attempts))
				.doOnSuccess((result) -> record(sample, body.model(), outcome(result), batch.size(), json.length))
				.doOnError((ex) -> record(sample, body.model(), outcome(ex), batch.size(), json.length));
		});
	}

	private Mono<BatchResult> attempt(String model, byte[] json, int size, AtomicInteger attempts) {
		attempts.incrementAndGet();
		requestBytes(model).increment(json.length);
		return this.inference.webClient()
			.post()
			.uri("rerank")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(json)
			.exchangeToMono((response) -> read(response, size, attempts.get()));
	}

	private static Mono<BatchResult> read(ClientResponse response, int size, int attempts) {
		if (response.statusCode().is2xxSuccessful()) {
			return response.bodyToMono(RerankResponse.class)
				.switchIfEmpty(Mono.error(() -> new MalformedResponseException("Empty rerank response")))
				.map((body) -> new BatchResult.Scored(body.scores(size), body.tokens(), attempts));
		}
		if (response.statusCode().isSameCodeAs(HttpStatus.CONTENT_TOO_LARGE) && size > 1) {
			return response.releaseBody().thenReturn(new BatchResult.TooLarge(attempts));
		}
		return response.createError();
	}

	private void record(Timer.Sample sample, String model, String outcome, int pages, int bytes) {
		sample.stop(Timer.builder("pagewise.rerank.call")
			.description("One rerank batch call, retries included")
			.tag("model", model)
			.tag("outcome", outcome)
			.register(this.registry));
		logger.debug("Rerank batch of {} pages ({} bytes, {}): {}", pages, bytes, model, outcome);
	}

	private Counter requestBytes(String model) {
		return Counter.builder("pagewise.rerank.request.bytes")
			.description("Bytes of rerank request bodies sent, retries included")
			.baseUnit("bytes")
			.tag("model", model)
			.register(this.registry);
	}

	private static String outcome(BatchResult result) {
		return (result instanceof BatchResult.TooLarge) ? "too-large" : "success";
	}

	private static String outcome(Throwable ex) {
		return (ex instanceof PagewiseException problem) ? problem.code() : "error";
	}

}
