package io.pagewise.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** A JSON body the service cannot read is a 400 problem that says what was wrong, in words, not Java. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MalformedJsonTests {

	private static final String RANKINGS = "/api/v1/documents/" + "a".repeat(64) + "/rankings";

	@TempDir
	static Path storage;

	@DynamicPropertySource
	static void storage(DynamicPropertyRegistry registry) {
		registry.add("pagewise.storage.dir", () -> storage.toString());
	}

	@LocalServerPort
	private int port;

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void brokenJsonSaysWhereItBroke() throws Exception {
		JsonNode problem = post("{\n  \"query\": \"revenue\",\n  \"topN\": }");
		assertThat(problem.get("status").asInt()).isEqualTo(400);
		assertThat(problem.get("code").asString()).isEqualTo("invalid-request");
		assertThat(problem.get("title").asString()).isEqualTo("Malformed JSON");
		assertThat(problem.get("detail").asString()).startsWith("The request body is not valid JSON: unexpected")
			.endsWith(" at line 3, column 11.");
	}

	@Test
	void aFieldOfTheWrongTypeIsNamed() throws Exception {
		JsonNode problem = post("{\"query\": \"revenue\", \"topN\": \"five\"}");
		assertThat(problem.get("status").asInt()).isEqualTo(400);
		assertThat(problem.get("code").asString()).isEqualTo("invalid-request");
		assertThat(problem.get("detail").asString()).isEqualTo("The field `topN` must be a number.");
	}

	@Test
	void anEmptyBodyAsksForJson() throws Exception {
		JsonNode problem = post("");
		assertThat(problem.get("code").asString()).isEqualTo("invalid-request");
		assertThat(problem.get("detail").asString()).isEqualTo("The request needs a JSON body.");
	}

	@Test
	void noJavaClassNamesReachTheClient() throws Exception {
		for (String body : new String[] { "{\"query\": [1, 2", "[1]", "{\"query\": {\"nested\": true}}", "nul" }) {
			JsonNode problem = post(body);
			assertThat(problem.get("status").asInt()).as(body).isEqualTo(400);
			assertThat(problem.toString()).as(body).doesNotContain("java.", "tools.jackson", "io.pagewise", "Source");
		}
	}

	private JsonNode post(String body) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + RANKINGS))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		return this.json.readTree(response.body());
	}

}
