package io.pagewise.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pagewise.security.api-keys=first-client-key-123,second-client-key-456",
				"pagewise.security.allowed-origins=https://app.example.com",
				"pagewise.security.max-json-body=1KB" })
@AutoConfigureMetrics
@ExtendWith(OutputCaptureExtension.class)
class ClientSecurityTests {

	private static final String UNKNOWN = "/api/v1/documents/" + "c".repeat(64);

	@TempDir
	static Path storage;

	@DynamicPropertySource
	static void storage(DynamicPropertyRegistry registry) {
		registry.add("pagewise.storage.dir", () -> storage.toString());
	}

	@LocalServerPort
	private int port;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void apiCallWithoutKeyIs401Problem() throws Exception {
		HttpResponse<String> response = send(get(UNKNOWN));
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
		assertThat(response.body()).contains("\"code\":\"unauthorized\"");
	}

	@Test
	void apiCallWithWrongKeyIs401() throws Exception {
		assertThat(send(get(UNKNOWN).header("X-API-Key", "first-client-key-12")).statusCode()).isEqualTo(401);
		assertThat(send(get(UNKNOWN).header("Authorization", "Bearer nope")).statusCode()).isEqualTo(401);
	}

	@Test
	void anyConfiguredKeyPassesAsHeaderOrBearer() throws Exception {
		// 404 means the request got past the key check to the controller.
		assertThat(send(get(UNKNOWN).header("X-API-Key", "first-client-key-123")).statusCode()).isEqualTo(404);
		assertThat(send(get(UNKNOWN).header("Authorization", "Bearer second-client-key-456")).statusCode())
			.isEqualTo(404);
	}

	@Test
	void healthProbesStayOpenMetricsNeedAKey() throws Exception {
		assertThat(send(get("/actuator/health/liveness")).statusCode()).isEqualTo(200);
		assertThat(send(get("/actuator/health/readiness")).statusCode()).isEqualTo(200);
		assertThat(send(get("/actuator/prometheus")).statusCode()).isEqualTo(401);
		assertThat(send(get("/actuator/metrics")).statusCode()).isEqualTo(401);
		assertThat(send(get("/actuator/prometheus").header("X-API-Key", "first-client-key-123")).statusCode())
			.isEqualTo(200);
	}

	@Test
	void corsAllowsTheConfiguredOriginOnly() throws Exception {
		HttpResponse<String> allowed = send(preflight("https://app.example.com"));
		assertThat(allowed.statusCode()).isEqualTo(200);
		assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
		HttpResponse<String> refused = send(preflight("https://evil.example.com"));
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.body()).contains("\"code\":\"cors-rejected\"");
		assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		HttpResponse<String> unauthorized = send(get(UNKNOWN).header("Origin", "https://app.example.com"));
		assertThat(unauthorized.statusCode()).isEqualTo(401);
		assertThat(unauthorized.headers().firstValue("Access-Control-Allow-Origin"))
			.as("a browser can read the 401").hasValue("https://app.example.com");
	}

	@Test
	void oddContentTypesThroughTheCorsCheckAreProblemsNotContainerPages() throws Exception {
		for (String type : new String[] { "application/json;;charset", "garbage", "application/json;charset=nope" }) {
			HttpResponse<String> response = send(request(UNKNOWN + "/answers").header("X-API-Key", "first-client-key-123")
				.header("Origin", "https://app.example.com")
				.header("Content-Type", type)
				.POST(HttpRequest.BodyPublishers.ofString("{\"question\":\"Why?\"}")));
			assertThat(response.statusCode()).as(type).isBetween(400, 503).isNotEqualTo(500);
			assertThat(response.headers().firstValue("Content-Type")).as(type).hasValue("application/problem+json");
			assertThat(response.body()).as(type).contains("\"code\":\"");
		}
	}

	@Test
	void oversizedJsonBodyIs413Problem() throws Exception {
		String question = "{\"question\":\"" + "x".repeat(2048) + "\"}";
		HttpResponse<String> response = send(request(UNKNOWN + "/answers").header("X-API-Key", "first-client-key-123")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(question)));
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.body()).contains("\"code\":\"request-too-large\"");
	}

	@Test
	void keysNeverAppearInLogsOrResponses(CapturedOutput output) throws Exception {
		HttpResponse<String> response = send(get(UNKNOWN).header("X-API-Key", "first-client-key-12"));
		assertThat(response.body()).doesNotContain("first-client-key");
		assertThat(send(get("/actuator/prometheus").header("X-API-Key", "first-client-key-123")).body())
			.doesNotContain("client-key");
		assertThat(output.getAll()).doesNotContain("first-client-key").doesNotContain("second-client-key");
	}

	private HttpRequest.Builder preflight(String origin) {
		return request(UNKNOWN).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", origin)
			.header("Access-Control-Request-Method", "GET")
			.header("Access-Control-Request-Headers", "X-API-Key");
	}

	private HttpRequest.Builder get(String path) {
		return request(path).GET();
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
