package io.pagewise.inference;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.pagewise.PagewiseException;
import io.pagewise.upstream.StubbedInference;
import io.pagewise.upstream.VultrStub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

/** The shared upstream connection against the stub: URL, key, policy, streams. */
@ExtendWith(OutputCaptureExtension.class)
class InferenceClientTests {

	@RegisterExtension
	static final VultrStub upstream = VultrStub.start();

	private final ApplicationContextRunner runner = StubbedInference.runner(upstream)
		.withUserConfiguration(InferenceConfiguration.class);

	@ParameterizedTest
	@ValueSource(strings = { "", "/", "/v1", "/v1/" })
	void relativeUrisResolveUnderV1WhateverTheBaseUrlLooksLike(String suffix) {
		this.runner.withPropertyValues("pagewise.inference.base-url=" + upstream.baseUrl() + suffix).run((context) -> {
			InferenceClient client = context.getBean(InferenceClient.class);
			for (String uri : List.of("models", "/models")) {
				StepVerifier.create(client.call("models", () -> client.webClient().get().uri(uri).retrieve()
					.bodyToMono(String.class)))
					.assertNext((body) -> assertThat(body).contains("VultronRetrieverFlash"))
					.verifyComplete();
			}
		});
	}

	@Test
	void withoutAKeyACallFailsWithUpstreamNotConfiguredAndSendsNothing() {
		this.runner.withPropertyValues("pagewise.inference.api-key=").run((context) -> {
			InferenceClient client = context.getBean(InferenceClient.class);
			AtomicInteger attempts = new AtomicInteger();
			assertThat(client.configured()).isFalse();
			StepVerifier.create(client.call("rerank", () -> {
				attempts.incrementAndGet();
				return Mono.just("sent");
			})).expectErrorSatisfies((ex) -> {
				assertThat(ex).isInstanceOf(PagewiseException.class);
				assertThat(((PagewiseException) ex).code()).isEqualTo("upstream-not-configured");
				assertThat(((PagewiseException) ex).getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
			}).verify(Duration.ofSeconds(5));
			assertThat(attempts).hasValue(0);
			assertThat(upstream.server().findAll(anyRequestedFor(anyUrl()))).isEmpty();
		});
	}

	@Test
	void withoutAKeyStartUpWarnsOnceThatQuestionsAreDisabled(CapturedOutput output) {
		this.runner.withPropertyValues("pagewise.inference.api-key=").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output.getOut().split("INFERENCE_API_KEY is not set", -1)).hasSize(2);
			assertThat(output.getOut()).contains("WARN").contains("questions and rankings are disabled");
		});
	}

	@Test
	void withAKeyStartUpDoesNotWarn(CapturedOutput output) {
		this.runner.run((context) -> assertThat(output.getOut()).doesNotContain("INFERENCE_API_KEY is not set"));
	}

	@Test
	void aRefusedKeyEndsInUpstreamUnauthorizedAfterOneRequestWithoutShowingTheKey() {
		String key = "sk-wrong-but-secret-42";
		this.runner.withPropertyValues("pagewise.inference.api-key=" + key).run((context) -> {
			InferenceClient client = context.getBean(InferenceClient.class);
			StepVerifier.create(client.call("models", () -> client.webClient().get().uri("models").retrieve()
				.bodyToMono(String.class)))
				.expectErrorSatisfies((ex) -> {
					UpstreamException upstreamException = (UpstreamException) ex;
					assertThat(upstreamException.code()).isEqualTo("upstream-unauthorized");
					assertThat(upstreamException.upstreamStatus()).isEqualTo(401);
					assertThat(upstreamException.getMessage()).doesNotContain(key);
					assertThat(upstreamException.getBody().toString()).doesNotContain(key);
					assertThat(upstreamException.getBody().getDetail()).contains("INFERENCE_API_KEY");
				})
				.verify(Duration.ofSeconds(10));
			assertThat(upstream.server().findAll(anyRequestedFor(anyUrl()))).hasSize(1);
		});
	}

	@Test
	void aCallBackingOffHoldsNoSlotSoOthersProceed() {
		this.runner.withPropertyValues("pagewise.inference.max-concurrent-calls=1").run((context) -> {
			InferenceClient client = context.getBean(InferenceClient.class);
			AtomicInteger attempts = new AtomicInteger();
			StepVerifier.withVirtualTime(() -> client.call("a",
					() -> (attempts.incrementAndGet() == 1) ? Mono.error(serviceUnavailable()) : Mono.just("a")))
				.expectSubscription()
				.then(() -> {
					assertThat(attempts).hasValue(1);
					assertThat(client.inFlight()).isZero();
					StepVerifier.create(client.call("b", () -> Mono.just("b"))).expectNext("b").verifyComplete();
				})
				.thenAwait(Duration.ofSeconds(1))
				.expectNext("a")
				.verifyComplete();
		});
	}

	@Test
	void aRetryAfterBeyondTheDeadlineIsA503AtOncePassingTheWaitOn() {
		upstream.server().stubFor(post(urlEqualTo("/v1/chat/completions")).atPriority(VultrStub.OVERRIDE)
			.willReturn(aResponse().withStatus(429).withHeader("Retry-After", "600")
				.withHeader("Content-Type", "application/json")
				.withBody("{\"error\":{\"message\":\"Quota exceeded\",\"type\":\"rate_limit_error\"}}")));
		this.runner.run((context) -> {
			InferenceClient client = context.getBean(InferenceClient.class);
			StepVerifier.create(client.call("chat", () -> chatStream(client).then(Mono.just("answer"))))
				.expectErrorSatisfies((ex) -> {
					assertThat(code(ex)).isEqualTo("upstream-unavailable");
					PagewiseException problem = (PagewiseException) ex;
					assertThat(problem.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
					assertThat(problem.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("600");
				})
				.verify(Duration.ofSeconds(10));
			assertThat(upstream.chatRequests()).as("not waited for, not retried").hasSize(1);
		});
	}

	@Test
	void aStreamIsRetriedWhenItFailsBeforeItsFirstEvent() {
		upstream.server().stubFor(post(urlEqualTo("/v1/chat/completions")).atPriority(VultrStub.OVERRIDE)
			.inScenario("busy once").whenScenarioStateIs(STARTED).willSetStateTo("recovered")
			.willReturn(aResponse().withStatus(503)));
		upstream.answer("Streamed answer.");
		this.runner.run((context) -> {
			InferenceClient client = context.getBean(InferenceClient.class);
			StepVerifier.create(client.stream("chat", () -> chatStream(client)).collectList())
				.assertNext((events) -> assertThat(events).last().isEqualTo("[DONE]"))
				.verifyComplete();
			assertThat(upstream.chatRequests()).hasSize(2);
		});
	}

	@Test
	void aStreamIsNotRetriedOnceItHasEmitted() {
		this.runner.run((context) -> {
			InferenceClient client = context.getBean(InferenceClient.class);
			AtomicInteger attempts = new AtomicInteger();
			StepVerifier.create(client.stream("chat", () -> {
				attempts.incrementAndGet();
				return Flux.just("first").concatWith(Flux.error(new IOException("Connection reset by peer")));
			}))
				.expectNext("first")
				.expectErrorSatisfies((ex) -> assertThat(code(ex)).isEqualTo("upstream-unavailable"))
				.verify(Duration.ofSeconds(5));
			assertThat(attempts).hasValue(1);
		});
	}

	@Test
	void aStreamThatStallsEndsInUpstreamTimeout() {
		this.runner.withPropertyValues("pagewise.inference.attempt-timeout=10s").run((context) -> {
			InferenceClient client = context.getBean(InferenceClient.class);
			StepVerifier.withVirtualTime(() -> client.stream("chat", () -> Flux.just("first").concatWith(Flux.never())))
				.expectNext("first")
				.thenAwait(Duration.ofSeconds(10))
				.expectErrorSatisfies((ex) -> assertThat(code(ex)).isEqualTo("upstream-timeout"))
				.verify(Duration.ofSeconds(5));
		});
	}

	@Test
	void aStreamEndsAtTheDeadlineEvenWhileItemsKeepComing() {
		this.runner.withPropertyValues("pagewise.inference.deadline=30500ms").run((context) -> {
			InferenceClient client = context.getBean(InferenceClient.class);
			StepVerifier.withVirtualTime(() -> client.stream("chat", () -> Flux.interval(Duration.ofSeconds(1))))
				.thenAwait(Duration.ofSeconds(31))
				.expectNextCount(30)
				.expectErrorSatisfies((ex) -> assertThat(code(ex)).isEqualTo("upstream-timeout"))
				.verify(Duration.ofSeconds(5));
		});
	}

	private static String code(Throwable ex) {
		assertThat(ex).isInstanceOf(PagewiseException.class);
		return ((PagewiseException) ex).code();
	}

	private static Flux<String> chatStream(InferenceClient client) {
		String body = "{\"model\":\"Qwen/Qwen3.6-27B\",\"max_tokens\":1000,\"stream\":true,"
				+ "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
		return client.webClient()
			.post()
			.uri("chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.bodyValue(body)
			.retrieve()
			.bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {
			})
			.mapNotNull(ServerSentEvent::data);
	}

	private static WebClientResponseException serviceUnavailable() {
		return WebClientResponseException.create(503, "Service Unavailable", new HttpHeaders(), new byte[0],
				StandardCharsets.UTF_8);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(InferenceProperties.class)
	@Import(InferenceClient.class)
	static class InferenceConfiguration {

	}

}
