package io.pagewise.answer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micrometer.core.instrument.MeterRegistry;
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

import static org.assertj.core.api.Assertions.assertThat;

/** Questions end to end over HTTP, against a faithful stub of the inference API. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "pagewise.rerank.max-request-bytes=150000")
class AnswerFlowTests {

	@RegisterExtension
	static final VultrStub upstream = VultrStub.start();

	@TempDir
	static Path storage;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("pagewise.storage.dir", () -> storage.toString());
		registry.add("pagewise.inference.base-url", () -> upstream.baseUrl() + "/v1/");
		registry.add("pagewise.inference.api-key", upstream::apiKey);
		registry.add("pagewise.inference.min-backoff", () -> "10ms");
	}

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry meters;

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void theDarkPageInALaterBatchWinsAndIsTheOneSentToTheChatModel() throws Exception {
		String id = upload(TestPdfs.letter(40, "winner", 33));
		upstream.answer("Page 33 is the dark one.");
		JsonNode answer = ask(id, "{\"question\":\"Which page is dark?\"}");
		assertThat(answer.get("answer").asString()).isEqualTo("Page 33 is the dark one.");
		assertThat(answer.get("citations")).hasSize(1);
		assertThat(answer.get("citations").get(0).get("page").asInt()).isEqualTo(33);
		assertThat(answer.get("ranking")).hasSize(40);
		assertThat(answer.get("ranking").get(0).get("page").asInt()).isEqualTo(33);
		assertThat(answer.get("cached").asBoolean()).isFalse();

		List<LoggedRequest> reranks = upstream.rerankRequests();
		assertThat(reranks).as("several batches").hasSizeGreaterThan(2);
		assertThat(reranks).allSatisfy((request) -> assertThat(request.getBody().length).isLessThan(1_000_000));
		// Batches go out concurrently, so the journal's order is arbitrary: compare with the batch of page 1.
		int batchOfPage33 = batchHolding(reranks, page(id, 33));
		assertThat(batchOfPage33).as("the winner is not in the first batch")
			.isNotEqualTo(batchHolding(reranks, page(id, 1)));

		assertThat(upstream.chatRequests()).hasSize(1);
		String chat = upstream.chatRequests().get(0).getBodyAsString();
		assertThat(chat).contains(dataUri(page(id, 33))).contains("\"max_tokens\":1000");
	}

	@Test
	void anIdenticalQuestionIsServedFromTheCacheWithoutUpstreamCalls() throws Exception {
		String id = upload(TestPdfs.letter(5, "cache", 2));
		JsonNode first = ask(id, "{\"question\":\"What is on page two?\"}");
		assertThat(first.get("cached").asBoolean()).isFalse();
		upstream.reset();
		JsonNode again = ask(id, "{\"question\":\"  what is on   PAGE two? \"}");
		assertThat(again.get("cached").asBoolean()).isTrue();
		assertThat(again.get("answer").asString()).isEqualTo(first.get("answer").asString());
		assertThat(upstream.rerankRequests()).isEmpty();
		assertThat(upstream.chatRequests()).isEmpty();
	}

	@Test
	void aNewQuestionOnAKnownDocumentNeverRendersAgain() throws Exception {
		String id = upload(TestPdfs.letter(4, "known", 1));
		double rendered = renderedPages();
		JsonNode answer = ask(id, "{\"question\":\"A brand new question\",\"topPages\":2}");
		assertThat(renderedPages()).isEqualTo(rendered);
		assertThat(answer.get("timings").get("renderMs").asLong()).isZero();
		assertThat(answer.get("citations")).hasSize(2);
		assertThat(upstream.chatRequests().get(0).getBodyAsString()).contains(dataUri(page(id, 1)));
	}

	@Test
	void anEmptyAnswerIsAnAnswerTruncatedProblemNotAnEmpty200() throws Exception {
		String id = upload(TestPdfs.letter(2, "truncated", 1));
		upstream.minAnswerTokens(5000);
		HttpResponse<String> response = post("/api/v1/documents/" + id + "/answers",
				"{\"question\":\"Anything?\"}", "application/json");
		assertThat(response.statusCode()).isEqualTo(502);
		assertThat(response.body()).contains("\"code\":\"answer-truncated\"").contains("max-tokens");
	}

	@Test
	void rankingsListEveryPageBestFirstWithImageUrls() throws Exception {
		String id = upload(TestPdfs.letter(6, "rank", 4));
		HttpResponse<String> response = post("/api/v1/documents/" + id + "/rankings",
				"{\"query\":\"dark page\",\"topN\":3}", "application/json");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode ranking = this.json.readTree(response.body());
		assertThat(ranking.get("ranking")).hasSize(3);
		assertThat(ranking.get("pageCount").asInt()).isEqualTo(6);
		assertThat(ranking.get("ranking").get(0).get("page").asInt()).isEqualTo(4);
		assertThat(ranking.get("ranking").get(0).get("imageUrl").asString())
			.isEqualTo("/api/v1/documents/" + id + "/pages/4");
		assertThat(ranking.get("upstreamCalls").asInt()).isEqualTo(upstream.rerankRequests().size());
		assertThat(upstream.chatRequests()).isEmpty();
	}

	@Test
	void oneShotUploadAndAnswerStoresTheDocumentToo() throws Exception {
		byte[] pdf = TestPdfs.letter(12, "one-shot " + UUID.randomUUID(), 9);
		HttpResponse<String> response = multipart("/api/v1/answers", pdf, "Which page is dark?", "application/json");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode answer = this.json.readTree(response.body());
		assertThat(answer.get("citations").get(0).get("page").asInt()).isEqualTo(9);
		assertThat(answer.get("timings").get("renderMs").asLong()).isPositive();
		String id = answer.get("documentId").asString();
		assertThat(get("/api/v1/documents/" + id).statusCode()).isEqualTo(200);
	}

	@Test
	void deletingADocumentDropsItsCachedAnswers() throws Exception {
		byte[] pdf = TestPdfs.letter(3, "delete", 3);
		String id = upload(pdf);
		ask(id, "{\"question\":\"Which page?\"}");
		assertThat(delete("/api/v1/documents/" + id)).isEqualTo(204);
		upload(pdf);
		JsonNode again = ask(id, "{\"question\":\"Which page?\"}");
		assertThat(again.get("cached").asBoolean()).isFalse();
	}

	@Test
	void unknownDocumentIsNotFoundAndCostsNothingUpstream() throws Exception {
		HttpResponse<String> response = post("/api/v1/documents/" + "d".repeat(64) + "/answers",
				"{\"question\":\"q\"}", "application/json");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("\"code\":\"document-not-found\"");
		assertThat(upstream.rerankRequests()).isEmpty();
	}

	@Test
	void unknownModelsAreBadRequests() throws Exception {
		String id = upload(TestPdfs.letter(1, "models", 0));
		assertThat(post("/api/v1/documents/" + id + "/answers", "{\"question\":\"q\",\"model\":\"gpt-4\"}",
				"application/json").body()).contains("\"code\":\"unknown-model\"");
		assertThat(post("/api/v1/documents/" + id + "/answers", "{\"question\":\"q\",\"chatModel\":\"gpt-4\"}",
				"application/json").body()).contains("\"code\":\"unknown-model\"");
		assertThat(upstream.rerankRequests()).isEmpty();
	}

	@Test
	void aStreamedFirstQuestionShowsProgressThenRankingThenDeltasThenDone() throws Exception {
		upstream.answer("The dark page is page five, as the ranking shows.");
		byte[] pdf = TestPdfs.letter(8, "stream " + UUID.randomUUID(), 5);
		HttpResponse<String> response = multipart("/api/v1/answers", pdf, "Which page is dark?", "text/event-stream");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
		List<Event> events = Event.parse(response.body());
		List<String> names = events.stream().map(Event::name).toList();
		assertThat(String.join(",", names)).matches("(progress,)+ranking,(delta,)+done");
		assertThat(this.json.readTree(events.get(names.indexOf("ranking")).data()).get("ranking").get(0).get("page")
			.asInt()).isEqualTo(5);
		String streamed = events.stream()
			.filter((event) -> event.name().equals("delta"))
			.map((event) -> this.json.readTree(event.data()).get("text").asString())
			.reduce("", String::concat);
		JsonNode done = this.json.readTree(events.getLast().data());
		assertThat(streamed.strip()).isEqualTo(done.get("answer").asString())
			.isEqualTo("The dark page is page five, as the ranking shows.");
		assertThat(done.get("citations").get(0).get("page").asInt()).isEqualTo(5);
		assertThat(done.get("usage").get("completionTokens").asLong()).isPositive();
		assertThat(upstream.chatRequests().get(0).getBodyAsString()).contains("\"stream\":true");

		upstream.reset();
		HttpResponse<String> cached = post("/api/v1/documents/" + done.get("documentId").asString() + "/answers",
				"{\"question\":\"Which page is dark?\"}", "text/event-stream");
		List<String> cachedNames = Event.parse(cached.body()).stream().map(Event::name).toList();
		assertThat(cachedNames).containsExactly("ranking", "delta", "done");
		assertThat(this.json.readTree(Event.parse(cached.body()).getLast().data()).get("cached").asBoolean()).isTrue();
		assertThat(upstream.chatRequests()).isEmpty();
	}

	@Test
	void aStreamThatFailsEndsWithAnErrorEventCarryingTheProblem() throws Exception {
		String id = upload(TestPdfs.letter(2, "stream-error", 2));
		upstream.minAnswerTokens(5000);
		HttpResponse<String> response = post("/api/v1/documents/" + id + "/answers", "{\"question\":\"Why?\"}",
				"text/event-stream");
		List<Event> events = Event.parse(response.body());
		assertThat(String.join(",", events.stream().map(Event::name).toList())).matches("(progress,)+ranking,error");
		JsonNode problem = this.json.readTree(events.getLast().data());
		assertThat(problem.get("code").asString()).isEqualTo("answer-truncated");
		assertThat(problem.get("status").asInt()).isEqualTo(502);
	}

	@Test
	void streamingRequestErrorsBeforeTheStreamAreOrdinaryProblems() throws Exception {
		HttpResponse<String> response = post("/api/v1/documents/" + "e".repeat(64) + "/answers",
				"{\"question\":\" \"}", "text/event-stream");
		assertThat(response.statusCode()).isEqualTo(400);
	}

	/** One server-sent event. */
	record Event(String name, String data) {

		static List<Event> parse(String stream) {
			List<Event> events = new ArrayList<>();
			for (String block : stream.replace("\r\n", "\n").split("\n\n")) {
				String name = "message";
				StringBuilder data = new StringBuilder();
				for (String line : block.split("\n")) {
					if (line.startsWith("event:")) {
						name = line.substring(6).strip();
					}
					else if (line.startsWith("data:")) {
						data.append(line.substring(5).stripLeading());
					}
				}
				if (!data.isEmpty()) {
					events.add(new Event(name, data.toString()));
				}
			}
			return events;
		}

	}

	private int batchHolding(List<LoggedRequest> reranks, byte[] jpeg) {
		String uri = dataUri(jpeg);
		List<Integer> holding = new ArrayList<>();
		for (int i = 0; i < reranks.size(); i++) {
			if (reranks.get(i).getBodyAsString().contains(uri)) {
				holding.add(i);
			}
		}
		assertThat(holding).as("exactly one batch holds the page").hasSize(1);
		return holding.get(0);
	}

	private double renderedPages() {
		var timer = this.meters.find("pagewise.render.page").timer();
		return (timer != null) ? timer.count() : 0;
	}

	private static String dataUri(byte[] jpeg) {
		return "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(jpeg);
	}

	private byte[] page(String id, int page) throws Exception {
		return this.http.send(request("/api/v1/documents/" + id + "/pages/" + page).GET().build(),
				HttpResponse.BodyHandlers.ofByteArray()).body();
	}

	private String upload(byte[] pdf) throws Exception {
		HttpResponse<String> response = multipart("/api/v1/documents", pdf, null, "application/json");
		assertThat(response.statusCode()).isIn(200, 201);
		return this.json.readTree(response.body()).get("id").asString();
	}

	private JsonNode ask(String id, String body) throws Exception {
		HttpResponse<String> response = post("/api/v1/documents/" + id + "/answers", body, "application/json");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return this.json.readTree(response.body());
	}

	HttpResponse<String> post(String path, String body, String accept) throws Exception {
		return this.http.send(request(path).header("Content-Type", "application/json")
			.header("Accept", accept)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	HttpResponse<String> multipart(String path, byte[] pdf, String question, String accept) throws Exception {
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
		return this.http.send(request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.header("Accept", accept)
			.POST(HttpRequest.BodyPublishers.concat(
					HttpRequest.BodyPublishers.ofString(head.toString(), StandardCharsets.UTF_8),
					HttpRequest.BodyPublishers.ofByteArray(pdf), HttpRequest.BodyPublishers.ofByteArray(tail)))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	private int delete(String path) throws Exception {
		return this.http.send(request(path).DELETE().build(), HttpResponse.BodyHandlers.ofString()).statusCode();
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
	}

}
