package io.pagewise.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The offline upstream that docker-compose runs (WireMock over {@code deploy/wiremock}), loaded in-process from
 * the same files: it must answer the way the inference API does (see vultr-api.md), or compose demos lie.
 */
class UpstreamStubTests {

	static final Path STUB = Path.of("deploy/wiremock");

	private static final String RERANK_MODEL = "vultr/VultronRetrieverFlash-Qwen3.5-0.8B";

	private static final String CHAT_MODEL = "Qwen/Qwen3.6-27B";

	private static final String KEY = "Bearer offline-stub-key";

	private static final WireMockServer upstream = new WireMockServer(
			options().dynamicPort().usingFilesUnderDirectory(STUB.toString()));

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final JsonMapper json = JsonMapper.builder().build();

	@BeforeAll
	static void start() {
		upstream.start();
	}

	@AfterAll
	static void stop() {
		upstream.stop();
	}

	@Test
	void loadsEveryMappingFile() throws IOException {
		try (Stream<Path> files = Files.list(STUB.resolve("mappings"))) {
			assertThat(upstream.getStubMappings()).hasSize((int) files.count());
		}
	}

	@Test
	void listsTheRerankModelsWithTheirFeatureAndTheChatModels() throws Exception {
		HttpResponse<String> response = send("GET", "/v1/models", null, KEY);
		assertThat(response.statusCode()).isEqualTo(200);
		List<String> rerankModels = new ArrayList<>();
		List<String> all = new ArrayList<>();
		for (JsonNode model : this.json.readTree(response.body()).path("data")) {
			all.add(model.path("id").asString());
			if (model.path("features").toString().contains("\"ReRank\"")) {
				rerankModels.add(model.path("id").asString());
			}
		}
		assertThat(rerankModels).containsExactlyInAnyOrder(RERANK_MODEL, "vultr/VultronRetrieverCore-Qwen3.5-4.5B",
				"vultr/VultronRetrieverPrime-Qwen3.5-8B");
		assertThat(all).contains(CHAT_MODEL);
	}

	@Test
	void rerankScoresEveryDocumentOfTheBatchByItsIndexBestFirst() throws Exception {
		ObjectNode request = rerank(6, 60);
		request.withArray("documents").add("a plain text document is just a string");
		JsonNode response = this.json.readTree(send("POST", "/v1/rerank", request.toString(), KEY).body());
		List<Integer> indexes = new ArrayList<>();
		List<Double> scores = new ArrayList<>();
		for (JsonNode result : response.path("results")) {
			indexes.add(result.path("index").asInt());
			scores.add(result.path("relevance_score").asDouble());
		}
		assertThat(indexes).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 7).boxed().toList());
		assertThat(scores).isSortedAccordingTo((a, b) -> Double.compare(b, a)).allMatch((score) -> score > 1 && score < 6);
		assertThat(response.path("model").asString()).isEqualTo(RERANK_MODEL);
		assertThat(response.path("usage").path("prompt_tokens").asInt()).isPositive();
	}

	@Test
	void rerankReturnsAtMostTopN() throws Exception {
		ObjectNode request = rerank(5, 60).put("top_n", 2);
		JsonNode response = this.json.readTree(send("POST", "/v1/rerank", request.toString(), KEY).body());
		assertThat(response.path("results")).hasSize(2);
	}

	@Test
	void rerankAcceptsABodyUnderOneMegabyteAndRejectsOneAbove() throws Exception {
		assertThat(send("POST", "/v1/rerank", rerank(10, 94_000).toString(), KEY).statusCode()).isEqualTo(200);
		HttpResponse<String> tooLarge = send("POST", "/v1/rerank", rerank(11, 94_000).toString(), KEY);
		assertThat(tooLarge.statusCode()).isEqualTo(413);
	}

	@Test
	void rerankRejectsAnImagePartOutsideTheContentList() throws Exception {
		ObjectNode request = rerank(2, 60);
		ObjectNode bare = request.withArray("documents").addObject().put("type", "image_url");
		bare.putObject("image_url").put("url", "data:image/jpeg;base64,/9j/");
		assertThat(send("POST", "/v1/rerank", request.toString(), KEY).statusCode()).isEqualTo(400);
	}

	@Test
	void rerankRejectsAChatModel() throws Exception {
		ObjectNode request = rerank(2, 60).put("model", CHAT_MODEL);
		assertThat(send("POST", "/v1/rerank", request.toString(), KEY).statusCode()).isEqualTo(400);
	}

	@Test
	void chatAnswersInChoicesMessageContent() throws Exception {
		HttpResponse<String> response = send("POST", "/v1/chat/completions", chat(false).toString(), KEY);
		JsonNode choice = this.json.readTree(response.body()).path("choices").path(0);
		assertThat(choice.path("message").path("content").asString()).isNotBlank();
		assertThat(choice.path("finish_reason").asString()).isEqualTo("stop");
	}

	@Test
	void chatStreamsDeltaChunksAsServerSentEventsThenDone() throws Exception {
		HttpResponse<String> response = send("POST", "/v1/chat/completions", chat(true).toString(), KEY);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/event-stream"));
		List<String> events = response.body().lines().filter((line) -> line.startsWith("data: "))
			.map((line) -> line.substring("data: ".length()))
			.toList();
		assertThat(events).hasSizeGreaterThan(2).last().isEqualTo("[DONE]");
		StringBuilder answer = new StringBuilder();
		for (String event : events.subList(0, events.size() - 1)) {
			JsonNode delta = this.json.readTree(event).path("choices").path(0).path("delta");
			answer.append(delta.path("content").asString(""));
		}
		assertThat(answer).isNotEmpty();
	}

	@ParameterizedTest
	@CsvSource({ "GET, /v1/models", "POST, /v1/rerank", "POST, /v1/chat/completions" })
	void everyRouteRequiresABearerKey(String method, String path) throws Exception {
		@Nullable String body = method.equals("GET") ? null : (path.contains("rerank") ? rerank(1, 60) : chat(false)).toString();
		assertThat(send(method, path, body, null).statusCode()).isEqualTo(401);
		assertThat(send(method, path, body, "Basic b2ZmbGluZQ==").statusCode()).isEqualTo(401);
	}

	@Test
	void embeddingsAreNotServedForTheseModels() throws Exception {
		String body = "{\"model\":\"" + RERANK_MODEL + "\",\"input\":\"x\"}";
		assertThat(send("POST", "/v1/embeddings", body, KEY).statusCode()).isEqualTo(404);
	}

	/** A rerank request of image documents whose base64 payloads are {@code imageChars} long. */
	private ObjectNode rerank(int documents, int imageChars) {
		ObjectNode request = this.json.createObjectNode().put("model", RERANK_MODEL).put("query", "Q3 revenue?");
		ArrayNode list = request.putArray("documents");
		for (int i = 0; i < documents; i++) {
			list.addObject()
				.putArray("content")
				.addObject()
				.put("type", "image_url")
				.putObject("image_url")
				.put("url", "data:image/jpeg;base64," + "A".repeat(imageChars));
		}
		return request;
	}

	private ObjectNode chat(boolean stream) {
		ObjectNode request = this.json.createObjectNode().put("model", CHAT_MODEL).put("max_tokens", 1000);
		ArrayNode content = request.putArray("messages").addObject().put("role", "user").putArray("content");
		content.addObject().put("type", "text").put("text", "Answer using only the attached page: Q3 revenue?");
		content.addObject().put("type", "image_url").putObject("image_url").put("url", "data:image/jpeg;base64,/9j/");
		return stream ? request.put("stream", true) : request;
	}

	private HttpResponse<String> send(String method, String path, @Nullable String body, @Nullable String authorization)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstream.baseUrl() + path))
			.header("Content-Type", "application/json")
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
