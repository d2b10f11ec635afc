package io.pagewise.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The live OpenAPI description, as Swagger UI and client generators read it: every operation documents its
 * success and its problems, and the OpenAPI ecosystem's own linter (Redocly CLI, recommended rules) finds nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiSpecTests {

	/** Pinned, so a new rule in a later release cannot break the build unannounced. */
	static final String REDOCLY = "@redocly/cli@2.77.0";

	static final Path SPEC = Path.of("target", "openapi.json");

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
	void everyOperationDocumentsItsSuccessAndItsProblemsAsProblemJson() throws Exception {
		JsonNode spec = this.json.readTree(spec());
		List<String> operations = new ArrayList<>();
		spec.get("paths").properties().forEach((path) -> path.getValue().properties().forEach((operation) -> {
			String name = operation.getKey().toUpperCase() + " " + path.getKey();
			operations.add(name);
			JsonNode responses = operation.getValue().get("responses");
			assertThat(responses.propertyNames()).as(name).anyMatch((status) -> status.matches("20[014]"));
			assertThat(responses.has("400")).as(name + " 400").isTrue();
			assertThat(responses.get("400").at("/content/application~1problem+json/schema/$ref").asString())
				.as(name).isEqualTo("#/components/schemas/ProblemDetail");
			assertThat(responses.has("404")).as(name + " 404")
				.isEqualTo(path.getKey().contains("{id}") || path.getKey().contains("{name}"));
		}));
		assertThat(operations).contains("POST /api/v1/documents/{id}/rankings", "POST /api/v1/documents",
				"GET /api/v1/documents/{id}/pages/{page}", "GET /api/v1/collections",
				"GET /api/v1/collections/{name}/documents/{id}");
		assertThat(spec.at("/components/schemas/ProblemDetail/properties/code/type").asString()).isEqualTo("string");
		assertThat(spec.at("/info/license/url").asString()).startsWith("https://");
		assertThat(spec.get("servers").findValuesAsString("url")).containsExactly("/");
		assertThat(spec.get("security").toString()).as("a key is optional while none is configured")
			.isEqualTo("[{\"apiKey\":[]},{\"bearer\":[]},{}]");
	}

	@Test
	void redoclysRecommendedRulesFindNoErrorsAndNoWarnings() throws Exception {
		assertLintClean(spec(), SPEC);
	}

	/**
	 * Writes the spec to a file and lints it with Redocly CLI's recommended rules, expecting no errors and no
	 * warnings (the failure shows Redocly's report). Skips the calling test, saying why, where there is no npx.
	 */
	static void assertLintClean(String spec, Path file) throws Exception {
		Files.createDirectories(file.toAbsolutePath().getParent());
		Files.writeString(file, spec);
		assumeTrue(npxAvailable(), "No npx on the PATH: install Node.js (npm) to lint the spec with Redocly CLI");
		Path report = Files.createTempFile("redocly-", ".json");
		Process lint = new ProcessBuilder("npx", "--yes", REDOCLY, "lint", file.toString(), "--format=json")
			.redirectOutput(report.toFile())
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		assertThat(lint.waitFor(5, TimeUnit.MINUTES)).as("redocly finished").isTrue();
		String output = Files.readString(report);
		assertThat(output).as("redocly's JSON report").contains("\"totals\"");
		JsonNode totals = JsonMapper.builder().build().readTree(output.substring(output.indexOf('{'))).get("totals");
		assertThat(totals.get("errors").asInt() + " errors, " + totals.get("warnings").asInt() + " warnings")
			.as(output)
			.isEqualTo("0 errors, 0 warnings");
	}

	private String spec() throws Exception {
		return spec(this.port);
	}

	static String spec(int port) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v3/api-docs")).build(),
					HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	private static boolean npxAvailable() {
		try {
			return new ProcessBuilder("npx", "--version").start().waitFor(1, TimeUnit.MINUTES);
		}
		catch (Exception ex) {
			return false;
		}
	}

}
