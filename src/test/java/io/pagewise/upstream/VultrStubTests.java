package io.pagewise.upstream;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The stub must reject what the real API rejects and score like it, or tests against it prove nothing. */
class VultrStubTests {

	@RegisterExtension
	static final VultrStub upstream = VultrStub.start();

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void rerankWithoutTheKeyIsUnauthorized() throws Exception {
		HttpResponse<String> response = send("POST", "/v1/rerank", rerankBody(imageDocument(TestPages.LIGHT)), "wrong");
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).contains("invalid_api_key");
	}

	@Test
	void rerankBodyOverOneMegabyteIsRefusedWith413() throws Exception {
		String big = imageDocument(TestPages.LIGHT).repeat(1);
		StringBuilder documents = new StringBuilder(big);
		while (documents.length() <= 1_000_000) {
			documents.append(',').append(big);
		}
		HttpResponse<String> response = send("POST", "/v1/rerank", rerankBody(documents.toString()));
		assertThat(response.statusCode()).isEqualTo(413);
	}

	@Test
	void rerankScoresImagesByContentAndIndexesThemWithinTheRequest() throws Exception {
		String documents = imageDocument(TestPages.LIGHT) + "," + imageDocument(TestPages.DARK) + ","
				+ imageDocument(0.3);
		JsonNode body = json(send("POST", "/v1/rerank", rerankBody(documents)));
		JsonNode results = body.path("results");
		assertThat(results).hasSize(3);
		assertThat(results.get(0).path("index").intValue()).isEqualTo(1);
		assertThat(results.get(1).path("index").intValue()).isEqualTo(2);
		assertThat(results.get(2).path("index").intValue()).isEqualTo(0);
		assertThat(results.get(0).path("relevance_score").doubleValue()).isBetween(4.0, 5.0);
		assertThat(results.get(2).path("relevance_score").doubleValue()).isBetween(2.0, 2.6);
		int tokensPerImage = (200 / 28) * (260 / 28);
		assertThat(body.path("usage").path("prompt_tokens").intValue()).isGreaterThanOrEqualTo(3 * tokensPerImage);
	}

	@Test
	void rerankScoresABase64ImageSentAsBareStringAsLowText() throws Exception {
		String dark = Json.quote(dataUri(TestPages.DARK));
		String light = Json.quote(dataUri(TestPages.LIGHT));
		JsonNode results = json(send("POST", "/v1/rerank", rerankBody(dark + "," + light))).path("results");
		assertThat(results).hasSize(2);
		for (JsonNode result : results) {
			assertThat(result.path("relevance_score").doubleValue()).isBetween(1.5, 2.0);
		}
	}

	@Test
	void rerankRejectsADocumentThatIsNeitherStringNorContentParts() throws Exception {
		String bareObject = "{\"image_url\":{\"url\":\"" + dataUri(TestPages.DARK) + "\"}}";
		assertThat(send("POST", "/v1/rerank", rerankBody(bareObject)).statusCode()).isEqualTo(400);
		assertThat(send("POST", "/v1/rerank", rerankBody("42")).statusCode()).isEqualTo(400);
		String notAnImage = "{\"content\":[{\"type\":\"image_url\","
				+ "\"image_url\":{\"url\":\"data:image/jpeg;base64,AAAA\"}}]}";
		assertThat(send("POST", "/v1/rerank", rerankBody(notAnImage)).statusCode()).isEqualTo(400);
	}

	@Test
	void rerankScoredBySizeRanksBusierPagesFirstAndStillRejectsWhatIsNotAnImage() throws Exception {
		upstream.scoreBySize();
		String documents = imageDocument(TestPages.LIGHT, 2) + "," + imageDocument(TestPages.LIGHT, 100);
		JsonNode body = json(send("POST", "/v1/rerank", rerankBody(documents)));
		JsonNode results = body.path("results");
		assertThat(results.get(0).path("index").intValue()).isEqualTo(1);
		assertThat(results.get(0).path("relevance_score").doubleValue())
			.isGreaterThan(results.get(1).path("relevance_score").doubleValue())
			.isBetween(2.0, 5.0);
		int tokensPerImage = (200 / 28) * (260 / 28);
		assertThat(body.path("usage").path("prompt_tokens").intValue()).isGreaterThanOrEqualTo(2 * tokensPerImage);
		String notAnImage = "{\"content\":[{\"type\":\"image_url\","
				+ "\"image_url\":{\"url\":\"data:image/jpeg;base64,AAAA\"}}]}";
		assertThat(send("POST", "/v1/rerank", rerankBody(notAnImage)).statusCode()).isEqualTo(400);
	}

	@Test
	void latencyAppliesToRerankAndChatUnlessChatHasItsOwn() {
		upstream.latency(Duration.ofMillis(300), Duration.ofMillis(25));
		assertThat(upstream.settings().rerankLatency.of(4)).isEqualTo(Duration.ofMillis(400));
		assertThat(upstream.settings().chatLatency.of(4)).isEqualTo(Duration.ofMillis(400));
		upstream.chatLatency(Duration.ofMillis(800), Duration.ofMillis(100));
		assertThat(upstream.settings().rerankLatency.of(1)).isEqualTo(Duration.ofMillis(325));
		assertThat(upstream.settings().chatLatency.of(1)).isEqualTo(Duration.ofMillis(900));
	}

	@Test
	void rerankHonoursTopN() throws Exception {
		String documents = imageDocument(TestPages.LIGHT) + "," + imageDocument(TestPages.DARK) + ",\"text\"";
		String body = "{\"model\":\"vultr/VultronRetrieverFlash-Qwen3.5-0.8B\",\"query\":\"q\",\"documents\":["
				+ documents + "],\"top_n\":1}";
		JsonNode results = json(send("POST", "/v1/rerank", body)).path("results");
		assertThat(results).hasSize(1);
		assertThat(results.get(0).path("index").intValue()).isEqualTo(1);
	}

	@Test
	void rerankWithAnUnknownModelIsNotFound() throws Exception {
		String body = "{\"model\":\"vultr/Nope\",\"query\":\"q\",\"documents\":[\"a\"]}";
		assertThat(send("POST", "/v1/rerank", body).statusCode()).isEqualTo(404);
	}

	@Test
	void embeddingsAreNotFoundAndModelsAreListed() throws Exception {
		assertThat(send("POST", "/v1/embeddings", "{\"model\":\"vultr/VultronRetrieverFlash-Qwen3.5-0.8B\"}")
			.statusCode()).isEqualTo(404);
		HttpResponse<String> models = send("GET", "/v1/models", null);
		assertThat(models.statusCode()).isEqualTo(200);
		assertThat(models.body()).contains("VultronRetrieverFlash", "ReRank", "Qwen/Qwen3.6-27B");
		assertThat(send("GET", "/v1/models", null, "wrong").statusCode()).isEqualTo(401);
	}

	@Test
	void chatAnswersWithTheConfiguredText() throws Exception {
		upstream.answer("Q3 revenue was $5.2 million.");
		JsonNode body = json(send("POST", "/v1/chat/completions", chatBody(1000, false)));
		assertThat(body.path("choices").get(0).path("message").path("content").asString())
			.isEqualTo("Q3 revenue was $5.2 million.");
		assertThat(body.path("choices").get(0).path("finish_reason").asString()).isEqualTo("stop");
	}

	@Test
	void chatWithTooFewMaxTokensAnswersEmptyWithFinishReasonLength() throws Exception {
		JsonNode body = json(send("POST", "/v1/chat/completions", chatBody(200, false)));
		assertThat(body.path("choices").get(0).path("message").path("content").asString()).isEmpty();
		assertThat(body.path("choices").get(0).path("finish_reason").asString()).isEqualTo("length");
	}

	@Test
	void chatStreamsServerSentEventsEndingWithDone() throws Exception {
		upstream.answer("Five point two.");
		HttpResponse<String> response = send("POST", "/v1/chat/completions", chatBody(1000, true));
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/event-stream"));
		StringBuilder text = new StringBuilder();
		String[] events = response.body().split("\n\n");
		for (String event : events) {
			assertThat(event).startsWith("data: ");
			String data = event.substring("data: ".length());
			if (!data.equals("[DONE]")) {
				JsonNode delta = Json.MAPPER.readTree(data).path("choices").path(0).path("delta");
				text.append(delta.path("content").asString(""));
			}
		}
		assertThat(text).hasToString("Five point two.");
		assertThat(events[events.length - 1]).isEqualTo("data: [DONE]");
	}

	private HttpResponse<String> send(String method, String path, @Nullable String body)
			throws IOException, InterruptedException {
		return send(method, path, body, upstream.apiKey());
	}

	private HttpResponse<String> send(String method, String path, @Nullable String body, String key)
			throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(upstream.baseUrl() + path))
			.header("Authorization", "Bearer " + key)
			.header("Content-Type", "application/json")
			.method(method, (body != null) ? BodyPublishers.ofString(body) : BodyPublishers.noBody())
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static JsonNode json(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return Json.MAPPER.readTree(response.body());
	}

	private static String rerankBody(String documents) {
		return "{\"model\":\"vultr/VultronRetrieverFlash-Qwen3.5-0.8B\",\"query\":\"Which page is dark?\","
				+ "\"documents\":[" + documents + "]}";
	}

	private static String chatBody(int maxTokens, boolean stream) {
		return "{\"model\":\"Qwen/Qwen3.6-27B\",\"max_tokens\":" + maxTokens + ",\"stream\":" + stream
				+ ",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What?\"},"
				+ "{\"type\":\"image_url\",\"image_url\":{\"url\":\"" + dataUri(TestPages.LIGHT) + "\"}}]}]}";
	}

	private static String imageDocument(double darkness) {
		return imageDocument(darkness, 30);
	}

	private static String imageDocument(double darkness, int noise) {
		return "{\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"" + dataUri(darkness, noise)
				+ "\"}}]}";
	}

	private static String dataUri(double darkness) {
		return dataUri(darkness, 30);
	}

	private static String dataUri(double darkness, int noise) {
		return "data:image/jpeg;base64,"
				+ Base64.getEncoder().encodeToString(TestPages.jpeg(200, 260, darkness, noise));
	}

}
