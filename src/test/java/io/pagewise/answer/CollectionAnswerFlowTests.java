package io.pagewise.answer;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import io.pagewise.TestPdfs;
import io.pagewise.page.text.TextPdfs;
import io.pagewise.upstream.VultrStub;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Questions across a collection end to end over HTTP, against the faithful stub of the inference API. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "pagewise.rerank.max-request-bytes=150000")
class CollectionAnswerFlowTests {

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

	private CollectionClient client;

	private String collection;

	@BeforeEach
	void collection() throws Exception {
		this.client = new CollectionClient(this.port);
		this.collection = "c-" + UUID.randomUUID();
		this.client.create(this.collection);
	}

	@Test
	void theBestPageOfALaterDocumentIsCitedWithItsDocumentTitleAndPage() throws Exception {
		String alpha = add(3, "alpha", 0, "Alpha report", "{\"year\":2023}");
		String beta = add(3, "beta", 0, "Beta report", "{\"year\":2024}");
		String gamma = add(4, "gamma", 3, "Gamma report", "{\"year\":2024}");
		upstream.answer("The Gamma report's page 3 is the dark one.");

		JsonNode answer = ask("{\"question\":\"Which page is dark?\",\"topPages\":2}");

		assertThat(answer.get("answer").asString()).isEqualTo("The Gamma report's page 3 is the dark one.");
		assertThat(answer.get("retriever").asString()).isEqualTo("exact");
		assertThat(answer.get("pagesInCollection").asLong()).isEqualTo(10);
		assertThat(answer.get("candidatePages").asInt()).isEqualTo(10);
		assertThat(answer.get("ranking")).hasSize(10);
		assertThat(answer.get("ranking").valueStream().map((page) -> page.get("documentId").asString()))
			.contains(alpha, beta, gamma);
		JsonNode best = answer.get("citations").get(0);
		assertThat(best.get("documentId").asString()).isEqualTo(gamma);
		assertThat(best.get("title").asString()).isEqualTo("Gamma report");
		assertThat(best.get("page").asInt()).isEqualTo(3);
		assertThat(best.get("imageUrl").asString()).isEqualTo("/api/v1/documents/" + gamma + "/pages/3");
		assertThat(answer.get("citations")).hasSize(2);
		assertThat(answer.get("cached").asBoolean()).isFalse();
		assertThat(answer.get("usage").get("rerankTokens").asLong()).isPositive();

		assertThat(upstream.chatRequests()).hasSize(1);
		String chat = upstream.chatRequests().get(0).getBodyAsString();
		assertThat(chat).contains("Document \\\"Gamma report\\\", page 3:");
		assertThat(chat.indexOf("Gamma report\\\", page 3:")).as("the best page first")
			.isLessThan(chat.indexOf("\"type\":\"image_url\""));
	}

	@Test
	void aFilterThatMatchesNothingGivesNothingAndCallsNoModel() throws Exception {
		add(2, "filtered", 1, "Filtered", "{\"year\":2023}");

		JsonNode answer = ask("{\"question\":\"Which page is dark?\",\"filter\":{\"year\":1999}}");
		assertThat(answer.get("ranking")).isEmpty();
		assertThat(answer.get("citations")).isEmpty();
		assertThat(answer.get("pagesInCollection").asLong()).isZero();
		assertThat(answer.get("answer").asString()).contains("No document").contains("matches the filter");
		JsonNode ranking = this.client.ok(path("rankings"), "{\"query\":\"dark\",\"filter\":{\"year\":1999}}");
		assertThat(ranking.get("ranking")).isEmpty();
		assertThat(ranking.get("candidatePages").asInt()).isZero();
		assertThat(upstream.rerankRequests()).isEmpty();
		assertThat(upstream.chatRequests()).isEmpty();

		JsonNode matching = this.client.ok(path("rankings"), "{\"query\":\"dark\",\"filter\":{\"year\":2023}}");
		assertThat(matching.get("ranking")).hasSize(2);
	}

	@Test
	void aMalformedFilterIsAProblemAndAnUnknownCollectionIsNotFound() throws Exception {
		HttpResponse<String> malformed = this.client.post(path("answers"),
				"{\"question\":\"q\",\"filter\":{\"year\":{\"$bogus\":1}}}", "application/json");
		assertThat(malformed.statusCode()).isEqualTo(400);
		assertThat(this.client.json(malformed.body()).get("code").asString()).isEqualTo("invalid-filter");
		HttpResponse<String> streamed = this.client.post(path("answers"), "{\"question\":\"q\",\"filter\":[1]}",
				"text/event-stream");
		assertThat(streamed.statusCode()).isEqualTo(400);
		assertThat(this.client.json(streamed.body()).get("code").asString()).isEqualTo("invalid-filter");
		HttpResponse<String> ranking = this.client.post(path("rankings"),
				"{\"query\":\"q\",\"filter\":{\"$or\":[]}}", "application/json");
		assertThat(this.client.json(ranking.body()).get("code").asString()).isEqualTo("invalid-filter");
		HttpResponse<String> retriever = this.client.post(path("rankings"), "{\"query\":\"q\",\"retriever\":\"magic\"}",
				"application/json");
		assertThat(this.client.json(retriever.body()).get("code").asString()).isEqualTo("invalid-request");
		HttpResponse<String> unknown = this.client.post("/api/v1/collections/no-such-collection/answers",
				"{\"question\":\"q\"}", "application/json");
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(this.client.json(unknown.body()).get("code").asString()).isEqualTo("collection-not-found");
		assertThat(upstream.rerankRequests()).isEmpty();
	}

	@Test
	void aStreamedAnswerSendsTheDocumentedEvents() throws Exception {
		add(2, "stream one", 0, "One", "{}");
		String two = add(3, "stream two", 2, "Two", "{}");
		upstream.answer("Page 2 of Two.");
		HttpResponse<String> response = this.client.post(path("answers"), "{\"question\":\"Which page is dark?\"}",
				"text/event-stream");
		assertThat(response.statusCode()).isEqualTo(200);
		List<AnswerFlowTests.Event> events = AnswerFlowTests.Event.parse(response.body());
		List<String> names = events.stream().map(AnswerFlowTests.Event::name).toList();
		assertThat(String.join(",", names)).matches("(progress,)+ranking,(delta,)+done");
		assertThat(this.client.json(events.get(0).data()).get("stage").asString()).isEqualTo("candidates");
		assertThat(events.stream()
			.filter((event) -> event.name().equals("progress"))
			.map((event) -> this.client.json(event.data()).get("stage").asString())).contains("rank");
		JsonNode ranking = this.client.json(events.get(names.indexOf("ranking")).data());
		assertThat(ranking.get("collection").asString()).isEqualTo(this.collection);
		assertThat(ranking.get("retriever").asString()).isEqualTo("exact");
		assertThat(ranking.get("ranking").get(0).get("documentId").asString()).isEqualTo(two);
		assertThat(ranking.get("ranking").get(0).get("title").asString()).isEqualTo("Two");
		JsonNode done = this.client.json(events.getLast().data());
		assertThat(done.get("answer").asString()).isEqualTo("Page 2 of Two.");
		assertThat(done.get("citations").get(0).get("page").asInt()).isEqualTo(2);
	}

	@Test
	void lexicalRankingsCallNoUpstreamOnACollectionOrADocument() throws Exception {
		add(2, "turbine inspection", 0, "Turbines", "{}");
		String pumps = add(3, "pump maintenance", 0, "Pumps", "{}");

		JsonNode ranking = this.client.ok(path("rankings"),
				"{\"query\":\"pump maintenance\",\"retriever\":\"lexical\",\"topN\":2}");
		assertThat(ranking.get("retriever").asString()).isEqualTo("lexical");
		assertThat(ranking.get("degraded").asBoolean()).isFalse();
		assertThat(ranking.get("rerankModel").isNull()).isTrue();
		assertThat(ranking.get("upstreamCalls").asInt()).isZero();
		assertThat(ranking.get("ranking")).hasSize(2)
			.allSatisfy((page) -> assertThat(page.get("documentId").asString()).isEqualTo(pumps));

		JsonNode document = this.client.ok("/api/v1/documents/" + pumps + "/rankings",
				"{\"query\":\"pump\",\"retriever\":\"lexical\"}");
		assertThat(document.get("retriever").asString()).isEqualTo("lexical");
		assertThat(document.get("ranking")).hasSize(3);
		assertThat(document.get("upstreamCalls").asInt()).isZero();
		assertThat(upstream.rerankRequests()).isEmpty();
	}

	@Test
	void theFirstStageKeepsPagesWithoutTextWithinReach() throws Exception {
		Path pdf = TextPdfs.write(storage.resolve(UUID.randomUUID() + ".pdf"), "Pump maintenance schedule", "", "",
				"Turbine blade inspection", "Generator wiring");
		String id = this.client.add(this.collection, Files.readAllBytes(pdf), "Plant manual", "{}");
		JsonNode ranking = this.client.ok(path("rankings"),
				"{\"query\":\"pump maintenance\",\"retriever\":\"lexical+rerank\",\"candidates\":3,\"topN\":10}");
		assertThat(ranking.get("retriever").asString()).isEqualTo("lexical+rerank");
		assertThat(ranking.get("candidatePages").asInt()).as("the one page with the words, and the two without text")
			.isEqualTo(3);
		assertThat(ranking.get("ranking").valueStream().map((page) -> page.get("page").asInt()))
			.containsExactlyInAnyOrder(1, 2, 3);
		assertThat(ranking.get("ranking").get(0).get("documentId").asString()).isEqualTo(id);
		assertThat(upstream.rerankRequests()).hasSize(1);
	}

	@Test
	void documentIdsNarrowTheCollection() throws Exception {
		add(2, "narrow one", 1, "One", "{}");
		String two = add(2, "narrow two", 0, "Two", "{}");
		JsonNode ranking = this.client.ok(path("rankings"),
				"{\"query\":\"which page\",\"documentIds\":[\"" + two + "\"]}");
		assertThat(ranking.get("pagesInCollection").asLong()).isEqualTo(2);
		assertThat(ranking.get("ranking").valueStream().map((page) -> page.get("documentId").asString()))
			.containsOnly(two);
	}

	private String add(int pages, String label, int darkPage, String title, String metadata) throws Exception {
		return this.client.add(this.collection, TestPdfs.letter(pages, label + " " + UUID.randomUUID(), darkPage),
				title, metadata);
	}

	private JsonNode ask(String body) throws Exception {
		return this.client.ok(path("answers"), body);
	}

	private String path(String endpoint) {
		return "/api/v1/collections/" + this.collection + "/" + endpoint;
	}

}
