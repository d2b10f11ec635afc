package io.pagewise.answer;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.pagewise.TestPdfs;
import io.pagewise.search.PageSearch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A server without an upstream key: rankings are lexical (degraded unless asked for), answers say why they cannot
 * be given; documents added to a collection are indexed without being asked about, and a deleted document leaves
 * every collection and the index.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "pagewise.collections.index-poll=200ms")
class CollectionWithoutUpstreamTests {

	@TempDir
	static Path storage;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("pagewise.storage.dir", () -> storage.toString());
	}

	@LocalServerPort
	private int port;

	@Autowired
	private PageSearch search;

	private CollectionClient client;

	@BeforeEach
	void client() {
		this.client = new CollectionClient(this.port);
	}

	@Test
	void rankingsFallBackToLexicalAndAnswersSayWhyTheyCannotBeGiven() throws Exception {
		this.client.create("manuals");
		String boiler = this.client.add("manuals", TestPdfs.letter(3, "boiler pressure"), "Boiler", "{}");

		JsonNode auto = this.client.ok("/api/v1/collections/manuals/rankings", "{\"query\":\"boiler pressure\"}");
		assertThat(auto.get("retriever").asString()).isEqualTo("lexical");
		assertThat(auto.get("degraded").asBoolean()).isTrue();
		assertThat(auto.get("ranking")).hasSize(3);
		assertThat(auto.get("ranking").get(0).get("title").asString()).isEqualTo("Boiler");
		JsonNode asked = this.client.ok("/api/v1/collections/manuals/rankings",
				"{\"query\":\"boiler\",\"retriever\":\"lexical\"}");
		assertThat(asked.get("degraded").asBoolean()).isFalse();
		JsonNode document = this.client.ok("/api/v1/documents/" + boiler + "/rankings", "{\"query\":\"boiler\"}");
		assertThat(document.get("retriever").asString()).isEqualTo("lexical");
		assertThat(document.get("degraded").asBoolean()).isTrue();
		assertThat(document.get("rerankModel").isNull()).isTrue();

		HttpResponse<String> answer = this.client.post("/api/v1/collections/manuals/answers",
				"{\"question\":\"What is the boiler pressure?\"}", "application/json");
		assertThat(answer.statusCode()).isEqualTo(503);
		assertThat(this.client.json(answer.body()).get("code").asString()).isEqualTo("upstream-not-configured");
		HttpResponse<String> streamed = this.client.post("/api/v1/collections/manuals/answers",
				"{\"question\":\"What is the boiler pressure?\"}", "text/event-stream");
		assertThat(streamed.statusCode()).isEqualTo(503);
	}

	@Test
	void anAddedDocumentIsIndexedAndADeletedOneLeavesEveryCollectionAndTheIndex() throws Exception {
		this.client.create("plant-a");
		this.client.create("plant-b");
		byte[] pdf = TestPdfs.letter(2, "safety valve schedule");
		String valves = this.client.add("plant-a", pdf, "Valves", "{}");
		assertThat(this.client.add("plant-b", pdf, "Valves again", "{}")).isEqualTo(valves);

		await().atMost(Duration.ofSeconds(60))
			.until(() -> !this.search.search("valve", List.of(valves), 10).isEmpty());

		assertThat(this.client.delete("/api/v1/documents/" + valves).statusCode()).isEqualTo(204);
		assertThat(this.search.search("valve", List.of(valves), 10)).isEmpty();
		for (String collection : List.of("plant-a", "plant-b")) {
			JsonNode ranking = this.client.ok("/api/v1/collections/" + collection + "/rankings",
					"{\"query\":\"valve\",\"retriever\":\"lexical\"}");
			assertThat(ranking.get("ranking")).isEmpty();
			assertThat(ranking.get("pagesInCollection").asLong()).isZero();
		}
	}

}
