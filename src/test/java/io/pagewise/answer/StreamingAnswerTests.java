package io.pagewise.answer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pagewise.TestPdfs;
import io.pagewise.upstream.VultrStub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The server-sent events of a streamed answer, read as they arrive: progress, relaying, hanging up, failures. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pagewise.rerank.max-request-bytes=150000", "pagewise.answer.stream-heartbeat=200ms" })
class StreamingAnswerTests {

	private static final String LONG_ANSWER = "Page seven is the dark one: it is filled almost edge to edge with "
			+ "black, while every other page of the document carries only its caption on a white background.";

	@RegisterExtension
	static final VultrStub upstream = VultrStub.start();

	@TempDir
	static Path storage;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("pagewise.storage.dir", () -> storage.toString());
		upstream.connect(registry);
		registry.add("pagewise.inference.min-backoff", () -> "10ms");
	}

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry meters;

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void aFirstQuestionReportsPagesRenderedOutOfThePageCountThenBatchesRankedOutOfTheBatchCount() {
		List<AnswerFlowTests.Event> events = oneShot(TestPdfs.letter(24, "progress " + UUID.randomUUID(), 7),
				"Which page is dark?")
			.rest();
		assertThat(names(events)).matches("(progress,)+ranking,(delta,)+done");
		List<JsonNode> progress = events.stream().filter((e) -> e.name().equals("progress")).map(this::data).toList();
		List<JsonNode> render = progress.stream().filter((p) -> p.get("stage").asString().equals("render")).toList();
		List<JsonNode> rank = progress.stream().filter((p) -> p.get("stage").asString().equals("rank")).toList();
		assertThat(render).as("known as soon as the PDF is open").allSatisfy((p) -> total(p, 24));
		assertThat(render).extracting((p) -> p.get("done").asInt())
			.containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24);
		int batches = upstream.rerankRequests().size();
		assertThat(batches).as("several batches").isGreaterThan(1);
		assertThat(rank.getLast().get("done").asInt()).isEqualTo(batches);
		assertThat(rank.getLast().get("total").asInt()).isEqualTo(batches);
		assertThat(rank).extracting((p) -> p.get("done").asInt()).isSorted();
		JsonNode firstWithTotal = rank.stream().filter((p) -> !p.get("total").isNull()).findFirst().orElseThrow();
		int totalKnown = progress.indexOf(firstWithTotal);
		assertThat(progress.indexOf(render.getLast())).as("the batch count is known once the last page is in")
			.isLessThan(totalKnown);
		assertThat(data(events.getLast()).get("timings").get("renderMs").asLong()).isPositive();
	}

	@Test
	void aQuestionOnAnUploadedDocumentReportsBatchesRankedButNoRendering() {
		String id = upload(TestPdfs.letter(12, "known " + UUID.randomUUID(), 3));
		List<AnswerFlowTests.Event> events = ask(id, "{\"question\":\"A question\"}").rest();
		assertThat(names(events)).matches("(progress,)+ranking,(delta,)+done");
		assertThat(events.stream().filter((e) -> e.name().equals("progress")).map(this::data))
			.allSatisfy((p) -> assertThat(p.get("stage").asString()).isEqualTo("rank"));
	}

	@Test
	void deltasCarryTheAnswerTextButNeverTheModelsReasoning() {
		upstream.answer(LONG_ANSWER);
		List<AnswerFlowTests.Event> events = oneShot(TestPdfs.letter(8, "reasoning " + UUID.randomUUID(), 7),
				"Which page is dark?")
			.rest();
		String streamed = events.stream()
			.filter((e) -> e.name().equals("delta"))
			.map((e) -> data(e).get("text").asString())
			.reduce("", String::concat);
		assertThat(streamed).isEqualTo(LONG_ANSWER).isEqualTo(data(events.getLast()).get("answer").asString());
		ServeEvent chat = upstream.server()
			.getAllServeEvents()
			.stream()
			.filter((e) -> e.getRequest().getUrl().endsWith("/chat/completions"))
			.findFirst()
			.orElseThrow();
		assertThat(chat.getResponse().getBodyAsString()).as("the model did reason").contains(upstream.reasoning());
		assertThat(events).noneSatisfy((e) -> assertThat(e.data()).contains(upstream.reasoning()));
	}

	@Test
	void answerTextIsRelayedWhileTheModelIsStillWriting() throws Exception {
		String id = upload(TestPdfs.letter(3, "relay " + UUID.randomUUID(), 2));
		upstream.answer(LONG_ANSWER).chatStreaming(Duration.ofSeconds(4));
		long finishedBefore = chats("success");
		try (EventStream stream = ask(id, "{\"question\":\"Which page is dark?\"}")) {
			stream.until((e) -> e.name().equals("delta"));
			assertThat(chats("success")).as("the upstream stream has not ended yet").isEqualTo(finishedBefore);
			assertThat(names(stream.rest())).endsWith("delta,done");
		}
		assertThat(chats("success")).isEqualTo(finishedBefore + 1);
	}

	@Test
	void aClientThatHangsUpWhileTheModelReasonsCancelsTheChatCallButKeepsTheRanking() throws Exception {
		String id = upload(TestPdfs.letter(3, "hang-up " + UUID.randomUUID(), 2));
		upstream.answer(LONG_ANSWER).chatStreaming(Duration.ofSeconds(60));
		long cancelledBefore = chats("cancelled");
		try (EventStream stream = ask(id, "{\"question\":\"Which page is dark?\"}")) {
			stream.until((e) -> e.name().equals("ranking"));
			stream.untilComment();
		}
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(chats("cancelled")).isEqualTo(cancelledBefore + 1));
		assertThat(upstream.chatRequests()).hasSize(1);

		upstream.reset();
		HttpResponse<String> again = send(request("/api/v1/documents/" + id + "/answers", "application/json")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"question\":\"Which page is dark?\"}"))
			.build());
		assertThat(this.json.readTree(again.body()).get("cached").asBoolean()).as("no answer was cached").isFalse();
		assertThat(upstream.rerankRequests()).as("the ranking was finished and cached").isEmpty();
		assertThat(upstream.chatRequests()).hasSize(1);
	}

	@Test
	void anUpstreamFailureWhileRankingEndsTheStreamWithAnErrorEvent() {
		String id = upload(TestPdfs.letter(2, "rank-error " + UUID.randomUUID(), 1));
		upstream.server()
			.stubFor(post(urlEqualTo("/v1/rerank")).atPriority(VultrStub.OVERRIDE)
				.willReturn(aResponse().withStatus(400)
					.withHeader("Content-Type", "application/json")
					.withBody("{\"object\":\"error\",\"message\":\"bad input\",\"type\":\"BadRequestError\","
							+ "\"param\":null,\"code\":400}")));
		List<AnswerFlowTests.Event> events = ask(id, "{\"question\":\"Why?\"}").rest();
		assertThat(names(events)).matches("(progress,)*error");
		JsonNode problem = data(events.getLast());
		assertThat(problem.get("code").asString()).isEqualTo("upstream-rejected");
		assertThat(problem.get("title").asString()).isNotBlank();
		assertThat(upstream.chatRequests()).isEmpty();
	}

	@Test
	void theOpenApiSpecDocumentsBothStreamsAndTheirEvents() {
		JsonNode paths = this.json.readTree(send(request("/v3/api-docs", "application/json").GET().build()).body())
			.get("paths");
		for (String path : List.of("/api/v1/documents/{id}/answers", "/api/v1/answers")) {
			JsonNode operation = paths.get(path).get("post");
			assertThat(operation.get("responses").get("200").get("content").has("text/event-stream")).as(path).isTrue();
			assertThat(operation.get("responses").get("200").get("content").has("application/json")).as(path).isTrue();
			assertThat(operation.toString()).as(path)
				.contains("progress", "ranking", "delta", "done", "error", "keep-alive");
		}
	}

	private static void total(JsonNode progress, int expected) {
		assertThat(progress.get("total").asInt()).isEqualTo(expected);
	}

	/** How many chat calls ended with this outcome. */
	private long chats(String outcome) {
		Timer timer = this.meters.find("pagewise.chat").tag("outcome", outcome).timer();
		return (timer != null) ? timer.count() : 0;
	}

	private static String names(List<AnswerFlowTests.Event> events) {
		return String.join(",", events.stream().map(AnswerFlowTests.Event::name).toList());
	}

	private JsonNode data(AnswerFlowTests.Event event) {
		return this.json.readTree(event.data());
	}

	private String upload(byte[] pdf) {
		HttpResponse<String> response = send(multipart("/api/v1/documents", pdf, null, "application/json"));
		assertThat(response.statusCode()).isIn(200, 201);
		return this.json.readTree(response.body()).get("id").asString();
	}

	private EventStream ask(String id, String body) {
		EventStream stream = EventStream.open(this.http, request("/api/v1/documents/" + id + "/answers",
				"text/event-stream")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
		assertThat(stream.status()).isEqualTo(200);
		return stream;
	}

	private EventStream oneShot(byte[] pdf, String question) {
		EventStream stream = EventStream.open(this.http, multipart("/api/v1/answers", pdf, question,
				"text/event-stream"));
		assertThat(stream.status()).isEqualTo(200);
		return stream;
	}

	private HttpRequest multipart(String path, byte[] pdf, String question, String accept) {
		String boundary = UUID.randomUUID().toString();
		StringBuilder head = new StringBuilder();
		if (question != null) {
			head.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"question\"\r\n\r\n")
				.append(question).append("\r\n");
		}
		head.append("--").append(boundary)
			.append("\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n")
			.append("Content-Type: application/pdf\r\n\r\n");
		byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
		return request(path, accept).header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.concat(
					HttpRequest.BodyPublishers.ofString(head.toString(), StandardCharsets.UTF_8),
					HttpRequest.BodyPublishers.ofByteArray(pdf), HttpRequest.BodyPublishers.ofByteArray(tail)))
			.build();
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private HttpRequest.Builder request(String path, String accept) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).header("Accept", accept);
	}

}
