package io.pagewise.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import io.pagewise.TestPdfs;
import io.pagewise.upstream.VultrStub;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An upstream that is down, hung, refuses our key or answers 200 with an unusable ranking: each ends in a clear
 * problem, soon, without hammering the upstream — and service resumes by itself once the upstream is back.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pagewise.inference.circuit.failure-threshold=" + UpstreamOutageTests.THRESHOLD,
				"pagewise.inference.circuit.open-for=2s", "pagewise.inference.attempt-timeout=2s",
				"pagewise.inference.deadline=" + UpstreamOutageTests.DEADLINE_SECONDS + "s",
				"pagewise.inference.min-backoff=10ms", "pagewise.inference.max-backoff=100ms",
				"pagewise.rerank.max-pages-per-batch=" + UpstreamOutageTests.PAGES_PER_BATCH })
@AutoConfigureMetrics
@DirtiesContext
class UpstreamOutageTests {

	static final int THRESHOLD = 5;

	static final int DEADLINE_SECONDS = 5;

	static final int PAGES_PER_BATCH = 8;

	private static final Duration OPEN_FOR = Duration.ofSeconds(2);

	private static final int MAX_ATTEMPTS = 5;

	@RegisterExtension
	static final VultrStub upstream = VultrStub.start();

	@TempDir
	static Path storage;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("pagewise.storage.dir", storage::toString);
		upstream.connect(registry);
	}

	@LocalServerPort
	private int port;

	private ServiceClient client;

	@BeforeEach
	void client() {
		this.client = new ServiceClient(this.port, null, Duration.ofSeconds(DEADLINE_SECONDS + 10));
	}

	@ParameterizedTest
	@EnumSource(Outage.class)
	void aDeadUpstreamIsLeftAloneAfterTheThresholdThenProbedBackIntoService(Outage outage) throws Exception {
		String id = upload(TestPdfs.letter(3, "outage " + outage, 2));
		upstream.server().stubFor(post(urlMatching("/v1/(rerank|chat/completions)")).atPriority(VultrStub.OVERRIDE)
			.willReturn(outage.response));

		long start = System.nanoTime();
		List<Reply> replies = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			replies.add(this.client.ask(id, "Question " + i + " while the upstream is down?"));
		}
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		int calls = upstream.rerankRequests().size() + upstream.chatRequests().size();
		System.out.printf("%nUpstream down (%s): %d questions in %d ms, %d upstream calls; first problem after %d ms, "
				+ "the rest after %d ms at most; %s%n", outage, replies.size(), elapsed.toMillis(), calls,
				replies.get(0).elapsed().toMillis(),
				replies.stream().skip(1).mapToLong((reply) -> reply.elapsed().toMillis()).max().orElseThrow(),
				replies.get(replies.size() - 1));

		assertThat(replies).allSatisfy((reply) -> {
			assertThat(reply.status()).isIn(502, 503);
			assertThat(reply.code()).isEqualTo("upstream-unavailable");
		});
		assertThat(calls).as("the upstream was tried").isGreaterThanOrEqualTo(THRESHOLD);
		int probes = 1 + (int) (elapsed.toMillis() / OPEN_FOR.toMillis());
		assertThat(calls).as("then left alone but for a probe per open interval")
			.isLessThanOrEqualTo(THRESHOLD + probes);
		Reply paused = replies.get(replies.size() - 1);
		assertThat(paused.status()).isEqualTo(503);
		assertThat(paused.headers().firstValue("Retry-After")).isPresent();
		assertThat(this.client.get("/actuator/health/inference").status()).isEqualTo(503);
		assertThat(this.client.get("/actuator/health/inference").json().get("status").asString())
			.isEqualTo("DEGRADED");
		assertProbesAndOverallHealthStayUp();

		upstream.reset();
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> circuit().equals("half_open"));
		Reply probe = this.client.ask(id, "Is the upstream back?");
		assertThat(probe.status()).as(probe.toString()).isEqualTo(200);
		assertThat(probe.json().get("citations").get(0).get("page").asInt()).isEqualTo(2);
		assertThat(circuit()).isEqualTo("closed");
		assertThat(this.client.get("/actuator/health/inference").status()).isEqualTo(200);
		assertThat(this.client.ask(id, "And traffic resumes?").status()).isEqualTo(200);
		assertThat(upstream.rerankRequests()).as("one probe, then one more question").hasSize(2);
		assertThat(this.client.get("/actuator/prometheus").body())
			.containsPattern("pagewise_inference_circuit_state\\{[^}]*state=\"closed\"[^}]*} 1\\.0")
			.containsPattern("pagewise_inference_circuit_rejected_total\\{[^}]*} [1-9]");
	}

	@Test
	void theFirstQuestionAfterAnOutageClosesTheCircuitHoweverManyRerankBatchesItTakes() throws Exception {
		ServiceClient patient = new ServiceClient(this.port, null, Duration.ofMinutes(3));
		Reply uploaded = patient.upload(TestPdfs.letter(60, "recovery"));
		assertThat(uploaded.status()).as(uploaded.toString()).isIn(200, 201);
		String large = uploaded.json().get("id").asString();
		String small = upload(TestPdfs.letter(3, "outage trigger", 2));
		upstream.server().stubFor(post(urlMatching("/v1/(rerank|chat/completions)")).atPriority(VultrStub.OVERRIDE)
			.willReturn(Outage.ALWAYS_503.response));
		for (int i = 0; i < 10 && !circuit().equals("open"); i++) {
			assertThat(this.client.ask(small, "Question " + i + " while the upstream is down?").status()).isIn(502,
					503);
		}
		assertThat(circuit()).isEqualTo("open");

		upstream.reset();
		// Scoring by size spares the stub decoding 60 pages within the 2 s attempt timeout on a busy machine.
		upstream.scoreBySize();
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> circuit().equals("half_open"));
		Reply first = patient.ask(large, "Which page is dark?");
		System.out.printf("%nFirst question after the outage, 60 pages: %s after %d ms, %d rerank calls%n",
				first.status(), first.elapsed().toMillis(), upstream.rerankRequests().size());
		assertThat(first.status()).as(first.toString()).isEqualTo(200);
		assertThat(first.json().get("ranking")).hasSize(60);
		assertThat(upstream.rerankRequests()).as("several batches, probe included")
			.hasSizeGreaterThanOrEqualTo((60 + PAGES_PER_BATCH - 1) / PAGES_PER_BATCH);
		assertThat(circuit()).isEqualTo("closed");
	}

	@Test
	void aHungUpstreamIsA504ProblemWithinTheDeadline() throws Exception {
		String id = upload(TestPdfs.letter(2, "hung", 1));
		upstream.server().stubFor(post(urlMatching("/v1/rerank")).atPriority(VultrStub.OVERRIDE)
			.willReturn(aResponse().withFixedDelay((DEADLINE_SECONDS + 5) * 1000).withStatus(200)));

		// The client gives up 10 s after the deadline: a service that waited for the upstream would fail here.
		Reply reply = this.client.ask(id, "Anyone there?");
		System.out.printf("%nHung upstream: %s after %d ms (deadline %d s), %d upstream attempts%n", reply.code(),
				reply.elapsed().toMillis(), DEADLINE_SECONDS, upstream.rerankRequests().size());
		assertThat(reply.status()).isEqualTo(504);
		assertThat(reply.code()).isEqualTo("upstream-timeout");
		assertThat(reply.json().get("detail").asString()).contains("deadline " + DEADLINE_SECONDS + "s");
	}

	@Test
	void aRefusedKeyIsAClearProblemAfterASingleRequest() throws Exception {
		String id = upload(TestPdfs.letter(2, "refused key", 1));
		upstream.server().stubFor(post(urlMatching("/v1/.*")).atPriority(VultrStub.OVERRIDE)
			.willReturn(json(401, "{\"error\":{\"message\":\"Invalid API key provided.\","
					+ "\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}")));

		Reply reply = this.client.ask(id, "Do you know me?");
		assertThat(reply.status()).isEqualTo(502);
		assertThat(reply.code()).isEqualTo("upstream-unauthorized");
		assertThat(reply.json().get("detail").asString()).contains("INFERENCE_API_KEY");
		assertThat(upstream.rerankRequests()).as("not retried").hasSize(1);
		assertThat(upstream.chatRequests()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "[{\"relevance_score\":4.9},{\"relevance_score\":2.1}]",
			"[{\"index\":0,\"relevance_score\":4.9},{\"index\":2,\"relevance_score\":2.1}]",
			"[{\"index\":-1,\"relevance_score\":4.9},{\"index\":0,\"relevance_score\":2.1}]",
			"[{\"index\":0,\"relevance_score\":4.9},{\"index\":0,\"relevance_score\":2.1}]",
			"[{\"index\":1,\"relevance_score\":4.9}]", "[]", "null", "" })
	void aSuccessWithAnUnusableRankingIsAFailedBatchNeverAWrongRanking(String results) throws Exception {
		String id = upload(TestPdfs.letter(2, "malformed " + results, 2));
		String body = "{\"id\":\"score-1\",\"model\":\"vultr/VultronRetrieverFlash-Qwen3.5-0.8B\","
				+ "\"usage\":{\"prompt_tokens\":10,\"total_tokens\":10}"
				+ (results.isEmpty() ? "" : ",\"results\":" + results) + "}";
		upstream.server().stubFor(post(urlMatching("/v1/rerank")).atPriority(VultrStub.OVERRIDE)
			.willReturn(json(200, body)));

		Reply reply = this.client.ask(id, "Which page is dark?");
		assertThat(reply.status()).as(reply.toString()).isEqualTo(502);
		assertThat(reply.code()).isEqualTo("upstream-unavailable");
		assertThat(reply.json().get("detail").asString()).contains("malformed");
		assertThat(upstream.rerankRequests()).as("retried like any transient failure").hasSize(MAX_ATTEMPTS);
		assertThat(upstream.chatRequests()).as("no answer from a ranking we cannot trust").isEmpty();
		assertThat(circuit()).as("a live upstream's bad answers do not open the circuit").isEqualTo("closed");
	}

	private void assertProbesAndOverallHealthStayUp() throws Exception {
		for (String probe : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
			Reply health = this.client.get(probe);
			assertThat(health.status()).as(probe).isEqualTo(200);
			assertThat(health.json().get("status").asString()).as(probe).isEqualTo("UP");
		}
	}

	private String circuit() throws Exception {
		return this.client.get("/actuator/health/inference")
			.json()
			.path("components")
			.path("upstream")
			.path("details")
			.path("circuit")
			.asString("");
	}

	private String upload(byte[] pdf) throws Exception {
		Reply reply = this.client.upload(pdf);
		assertThat(reply.status()).as(reply.toString()).isIn(200, 201);
		return reply.json().get("id").asString();
	}

	private static ResponseDefinitionBuilder json(int status, String body) {
		return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
	}

	enum Outage {

		ALWAYS_503(json(503, "{\"object\":\"error\",\"message\":\"Service Unavailable\"}")),
		CONNECTIONS_RESET(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

		private final ResponseDefinitionBuilder response;

		Outage(ResponseDefinitionBuilder response) {
			this.response = response;
		}

	}

}
