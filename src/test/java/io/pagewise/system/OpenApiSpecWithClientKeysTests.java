package io.pagewise.system;

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

/** With client keys on, the spec requires one (Swagger UI's "Authorize" sends it) and documents the 401. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "pagewise.security.api-keys=spec-client-key-123")
class OpenApiSpecWithClientKeysTests {

	@TempDir
	static Path storage;

	@DynamicPropertySource
	static void storage(DynamicPropertyRegistry registry) {
		registry.add("pagewise.storage.dir", () -> storage.toString());
	}

	@LocalServerPort
	private int port;

	@Test
	void everyOperationNeedsAKeyAndDocumentsThe401() throws Exception {
		JsonNode spec = JsonMapper.builder().build().readTree(OpenApiSpecTests.spec(this.port));
		assertThat(spec.at("/components/securitySchemes/apiKey/name").asString()).isEqualTo("X-API-Key");
		assertThat(spec.at("/components/securitySchemes/bearer/scheme").asString()).isEqualTo("bearer");
		assertThat(spec.get("security").toString()).isEqualTo("[{\"apiKey\":[]},{\"bearer\":[]}]");
		spec.get("paths").properties().forEach((path) -> path.getValue().properties().forEach((operation) ->
				assertThat(operation.getValue().at("/responses/401/content/application~1problem+json").isMissingNode())
					.as(operation.getKey() + " " + path.getKey()).isFalse()));
	}

	@Test
	void redoclysRecommendedRulesFindNoErrorsAndNoWarnings() throws Exception {
		OpenApiSpecTests.assertLintClean(OpenApiSpecTests.spec(this.port), Path.of("target", "openapi-keys.json"));
	}

}
