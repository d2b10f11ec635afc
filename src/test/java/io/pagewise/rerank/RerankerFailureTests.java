package io.pagewise.rerank;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.pagewise.inference.UpstreamException;
import io.pagewise.page.PageImage;
import io.pagewise.upstream.StubbedInference;
import io.pagewise.upstream.TestPages;
import io.pagewise.upstream.VultrStub;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.pagewise.rerank.RerankerTests.rank;
import static io.pagewise.rerank.RerankerTests.reranker;
import static io.pagewise.rerank.RerankerTests.smallDocument;
import static org.assertj.core.api.Assertions.assertThat;

/** Every upstream failure of {@code vultr-api.md} ends in a successful retry or a clear error — never a hang. */
class RerankerFailureTests {

	@RegisterExtension
	static final VultrStub upstream = VultrStub.start();

	private final ApplicationContextRunner runner = StubbedInference.runner(upstream)
		.withUserConfiguration(RerankerTests.RerankConfiguration.class);

	static Stream<Arguments> transientFailures() {
		return Stream.of(failure("429 with Retry-After", aResponse().withStatus(429).withHeader("Retry-After", "1")),
				failure("500", aResponse().withStatus(500)),
				failure("502 from the proxy", aResponse().withStatus(502).withBody("<html>Bad Gateway</html>")),
				failure("503", aResponse().withStatus(503)),
				failure("connection reset", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)),
				failure("empty response", aResponse().withFault(Fault.EMPTY_RESPONSE)),
				failure("malformed chunk", aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)),
				failure("truncated JSON", okJson("{\"id\":\"score-1\",\"results\":[{\"index\":0,\"relev")),
				failure("HTML instead of JSON",
						aResponse().withStatus(200).withHeader("Content-Type", "text/html").withBody("<html>")));
	}

	private static Arguments failure(String name, ResponseDefinitionBuilder response) {
		return Arguments.of(Named.of(name, response));
	}

	@ParameterizedTest
	@MethodSource("transientFailures")
	void aTransientFailureIsRetriedThenTheRankingSucceeds(ResponseDefinitionBuilder failure) {
		failOnce(failure);
		this.runner.run((context) -> {
			Ranking ranking = rank(context, smallDocument(3, 2));
			assertThat(ranking.pages()).extracting(RankedPage::page).containsExactly(2, 1, 3);
			assertThat(upstream.rerankRequests()).hasSize(2);
			assertThat(ranking.upstreamCalls()).isEqualTo(2);
		});
	}

	@Test
	void retryAfterIsWaitedForBeforeRetrying() {
		failOnce(aResponse().withStatus(429).withHeader("Retry-After", "1"));
		this.runner.run((context) -> {
			rank(context, smallDocument(3, 2));
			List<LoggedRequest> requests = upstream.rerankRequests();
			assertThat(requests).hasSize(2);
			long waited = requests.get(1).getLoggedDate().getTime() - requests.get(0).getLoggedDate().getTime();
			assertThat(waited).isGreaterThanOrEqualTo(1000);
		});
	}

	@Test
	void persistentServerErrorsEndInUpstreamUnavailableAfterTheRetries() {
		always(aResponse().withStatus(503));
		this.runner.withPropertyValues("pagewise.inference.max-retries=2").run((context) -> {
			expectFailure(context, "upstream-unavailable", 503);
			assertThat(upstream.rerankRequests()).hasSize(3);
		});
	}

	static Stream<Arguments> clientErrors() {
		String echo = "{\"object\":\"error\",\"message\":\"documents.0: Input should be a valid string "
				+ "[input_value={'url': 'data:image/jpeg;base64,/9j/4AAQSkZJRgABAQ'}]\",\"code\":400}";
		return Stream.of(Arguments.of(400, echo, "upstream-rejected"),
				Arguments.of(401, "{\"error\":{\"message\":\"Invalid API key provided.\"}}", "upstream-unauthorized"),
				Arguments.of(403, "{\"error\":{\"message\":\"Forbidden\"}}", "upstream-unauthorized"),
				Arguments.of(404, "{\"message\":\"The model does not exist.\",\"code\":404}", "upstream-rejected"),
				Arguments.of(422, "{\"detail\":[{\"msg\":\"top_n must be positive\"}]}", "upstream-rejected"));
	}

	@ParameterizedTest
	@MethodSource("clientErrors")
	void aClientErrorIsNeverRetriedAndSaysWhatTheUpstreamSaid(int status, String body, String code) {
		always(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body));
		this.runner.run((context) -> {
			UpstreamException ex = expectFailure(context, code, status);
			assertThat(ex.getStatusCode().value()).isEqualTo(502);
			assertThat(ex.getBody().getDetail()).doesNotContain("base64").doesNotContain(upstream.apiKey());
			assertThat(upstream.rerankRequests()).hasSize(1);
		});
	}

	@Test
	void aWrongKeyIsRefusedByTheStubOnceAndTheKeyIsNeverShown() {
		String key = "sk-wrong-7f3a9c";
		this.runner.withPropertyValues("pagewise.inference.api-key=" + key).run((context) -> {
			UpstreamException ex = expectFailure(context, "upstream-unauthorized", 401);
			assertThat(ex.getMessage()).doesNotContain(key);
			assertThat(ex.getBody().toString()).doesNotContain(key);
			assertThat(upstream.rerankRequests()).hasSize(1);
		});
	}

	@Test
	void aHungUpstreamEndsInUpstreamTimeoutWithinTheDeadline() {
		always(okJson("{}").withFixedDelay(3_000));
		this.runner
			.withPropertyValues("pagewise.inference.attempt-timeout=300ms", "pagewise.inference.deadline=1500ms")
			.run((context) -> {
				StepVerifier.create(reranker(context).rank("q", null, Flux.fromIterable(smallDocument(3, 2))))
					.expectErrorSatisfies((ex) -> {
						assertThat(((UpstreamException) ex).code()).isEqualTo("upstream-timeout");
						assertThat(((UpstreamException) ex).getStatusCode().value()).isEqualTo(504);
					})
					.verify(Duration.ofSeconds(10));
				assertThat(upstream.rerankRequests()).hasSizeBetween(2, 5);
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "duplicate index: 0 0 2", "index out of range: 0 1 3", "a result missing: 0 1",
			"an index missing: 0 1 -" })
	void anAnswerThatDoesNotScoreEveryPageOnceIsAFailedBatchNeverAPartialRanking(String indexes) {
		String results = Stream.of(indexes.substring(indexes.indexOf(':') + 1).trim().split(" "))
			.map((index) -> "{" + (index.equals("-") ? "" : "\"index\":" + index + ",") + "\"relevance_score\":2.5}")
			.collect(Collectors.joining(",", "[", "]"));
		always(okJson("{\"id\":\"score-1\",\"results\":" + results + "}"));
		this.runner.withPropertyValues("pagewise.inference.max-retries=2").run((context) -> {
			UpstreamException ex = expectFailure(context, "upstream-unavailable", 0);
			assertThat(ex.getBody().getDetail()).contains("malformed");
			assertThat(upstream.rerankRequests()).hasSize(3);
		});
	}

	@Test
	void aBadAnswerFollowedByAGoodOneRanksEveryPage() {
		failOnce(okJson("{\"results\":[{\"index\":0,\"relevance_score\":9.9}]}"));
		this.runner.run((context) -> {
			Ranking ranking = rank(context, smallDocument(3, 3));
			assertThat(ranking.pages()).extracting(RankedPage::page).containsExactly(3, 1, 2);
			assertThat(ranking.pages()).allSatisfy((page) -> assertThat(page.score()).isLessThan(5.0));
		});
	}

	@Test
	void aBatchRefusedAs413IsSplitInHalvesUntilItFits() {
		this.runner.withPropertyValues("pagewise.rerank.max-request-bytes=3MB").run((context) -> {
			Ranking ranking = rank(context, TestPages.document(20, 17));
			assertThat(ranking.pages()).hasSize(20);
			assertThat(ranking.pages().get(0).page()).isEqualTo(17);
			List<LoggedRequest> requests = upstream.rerankRequests();
			long refused = requests.stream().filter((request) -> request.getBody().length > 1_000_000).count();
			assertThat(refused).isGreaterThanOrEqualTo(2);
			assertThat(ranking.upstreamCalls()).isEqualTo(requests.size());
			int scored = requests.stream()
				.filter((request) -> request.getBody().length <= 1_000_000)
				.mapToInt((request) -> JsonMapper.shared().readTree(request.getBody()).path("documents").size())
				.sum();
			assertThat(scored).isEqualTo(20);
		});
	}

	@Test
	void aSinglePageRefusedAs413EndsInUpstreamRejected() {
		PageImage huge = new PageImage(1, 2400, 2400, TestPages.jpeg(2400, 2400, TestPages.LIGHT, 127));
		assertThat(huge.dataUriLength()).isGreaterThan(1_000_000);
		this.runner.withPropertyValues("pagewise.rerank.max-request-bytes=20MB").run((context) -> {
			StepVerifier.create(reranker(context).rank("q", null, Flux.just(huge)))
				.expectErrorSatisfies((ex) -> {
					assertThat(((UpstreamException) ex).code()).isEqualTo("upstream-rejected");
					assertThat(((UpstreamException) ex).upstreamStatus()).isEqualTo(413);
				})
				.verify(Duration.ofSeconds(20));
			assertThat(upstream.rerankRequests()).hasSize(1);
		});
	}

	private static UpstreamException expectFailure(AssertableApplicationContext context, String code,
			int upstreamStatus) {
		UpstreamException[] failure = new UpstreamException[1];
		StepVerifier.create(reranker(context).rank("q", null, Flux.fromIterable(smallDocument(3, 2))))
			.expectErrorSatisfies((ex) -> {
				assertThat(ex).isInstanceOf(UpstreamException.class);
				failure[0] = (UpstreamException) ex;
				assertThat(failure[0].code()).isEqualTo(code);
				assertThat(failure[0].upstreamStatus()).isEqualTo(upstreamStatus);
			})
			.verify(Duration.ofSeconds(20));
		return failure[0];
	}

	private static void failOnce(ResponseDefinitionBuilder failure) {
		upstream.server().stubFor(post(urlEqualTo("/v1/rerank")).atPriority(VultrStub.OVERRIDE)
			.inScenario("fails once").whenScenarioStateIs(STARTED).willSetStateTo("recovered")
			.willReturn(failure));
	}

	private static void always(ResponseDefinitionBuilder failure) {
		upstream.server().stubFor(post(urlEqualTo("/v1/rerank")).atPriority(VultrStub.OVERRIDE).willReturn(failure));
	}

}
