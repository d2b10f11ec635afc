package io.pagewise.answer;

import java.nio.file.Path;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.pagewise.TestPdfs;
import io.pagewise.upstream.VultrStub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * While the upstream is down (503 on every call until the circuit breaker opens), rankings are given lexically and
 * say they are degraded; answers still fail with the upstream's problem.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pagewise.inference.max-retries=1", "pagewise.inference.min-backoff=10ms",
				"pagewise.inference.circuit.failure-threshold=2" })
class RankingWhileUpstreamDownTests {

	@RegisterExtension
	static final VultrStub upstream = VultrStub.start();

	@TempDir
	static Path storage;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("pagewise.storage.dir", () -> storage.toString());
		registry.add("pagewise.inference.base-url", () -> upstream.baseUrl() + "/v1/");
		registry.add("pagewise.inference.api-key", upstream::apiKey);
	}

	@LocalServerPort
	private int port;

	@Test
	void rankingsAreLexicalAndDegradedAnswersFail() throws Exception {
		CollectionClient client = new CollectionClient(this.port);
		client.create("down");
		String id = client.add("down", TestPdfs.letter(3, "compressor overhaul"), "Compressors", "{}");
		upstream.server().stubFor(post(urlMatching("/v1/(rerank|chat/completions)")).atPriority(VultrStub.OVERRIDE)
			.willReturn(WireMock.aResponse().withStatus(503)));

		JsonNode collection = client.ok("/api/v1/collections/down/rankings", "{\"query\":\"compressor\"}");
		assertThat(collection.get("retriever").asString()).isEqualTo("lexical");
		assertThat(collection.get("degraded").asBoolean()).isTrue();
		assertThat(collection.get("ranking")).hasSize(3);
		JsonNode document = client.ok("/api/v1/documents/" + id + "/rankings", "{\"query\":\"compressor\"}");
		assertThat(document.get("retriever").asString()).isEqualTo("lexical");
		assertThat(document.get("degraded").asBoolean()).isTrue();
		assertThat(upstream.rerankRequests()).as("the upstream was tried").isNotEmpty();

		var answer = client.post("/api/v1/collections/down/answers", "{\"question\":\"Which compressor?\"}",
				"application/json");
		assertThat(answer.statusCode()).isIn(502, 503);
		assertThat(client.json(answer.body()).get("code").asString()).isEqualTo("upstream-unavailable");
	}

}
