package io.pagewise.system;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Without client keys the service is open, as it always was; the firewall still is not. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMetrics
class OpenServiceTests {

	private static final String UNKNOWN = "/api/v1/documents/" + "d".repeat(64);

	@TempDir
	static Path storage;

	@DynamicPropertySource
	static void storage(DynamicPropertyRegistry registry) {
		registry.add("pagewise.storage.dir", storage::toString);
	}

	@LocalServerPort
	private int port;

	@Test
	void everythingIsOpenWithoutKeys() throws Exception {
		RawHttp http = new RawHttp(this.port);
		RawHttp.Reply unknown = http.send("GET", UNKNOWN, Map.of(), new byte[0]);
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.body()).contains("\"code\":\"document-not-found\"");
		assertThat(unknown.header("Cache-Control")).as("a problem is never cached").contains("no-store");
		for (String path : new String[] { "/actuator/prometheus", "/actuator/metrics", "/actuator/health", "/",
				"/v3/api-docs" }) {
			assertThat(http.send("GET", path, Map.of(), new byte[0]).status()).as(path).isEqualTo(200);
		}
		assertThat(http.send("GET", UNKNOWN, Map.of("X-API-Key", "any"), new byte[0]).status())
			.as("a key nobody asked for is ignored").isEqualTo(404);
	}

	@Test
	void theApiDocsDeclareTheClientKeySoSwaggerUiCanSendIt() throws Exception {
		RawHttp.Reply docs = new RawHttp(this.port).send("GET", "/v3/api-docs", Map.of(), new byte[0]);
		JsonNode spec = JsonMapper.builder().build().readTree(docs.body());
		JsonNode schemes = spec.get("components").get("securitySchemes");
		assertThat(schemes.get("apiKey").get("type").asString()).isEqualTo("apiKey");
		assertThat(schemes.get("apiKey").get("in").asString()).isEqualTo("header");
		assertThat(schemes.get("apiKey").get("name").asString()).isEqualTo("X-API-Key");
		assertThat(schemes.get("bearer").get("type").asString()).isEqualTo("http");
		assertThat(schemes.get("bearer").get("scheme").asString()).isEqualTo("bearer");
		assertThat(spec.get("security").toString()).as("a key is optional while none is configured")
			.isEqualTo("[{\"apiKey\":[]},{\"bearer\":[]},{}]");
	}

	@Test
	void theFirewallStaysOnWithoutKeys() throws Exception {
		RawHttp http = new RawHttp(this.port);
		for (String target : new String[] { "/api;x=1/v1/documents/x", "/api/v1/documents/%2e%2e/x",
				"//api/v1/documents", "/x/../api/v1/documents", "/api/v1/documents/%2e/x", "/api%2fv1/documents",
				"/api/v1/documents%2F" }) {
			RawHttp.Reply reply = http.send("GET", target, Map.of(), new byte[0]);
			assertThat(reply.status()).as(target).isEqualTo(400);
			assertThat(reply.header("Content-Type")).as(target).isEqualTo("application/problem+json");
			assertThat(reply.body()).as(target).contains("\"code\":\"request-rejected\"");
		}
	}

}
