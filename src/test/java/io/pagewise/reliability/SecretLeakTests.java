package io.pagewise.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.pagewise.TestPdfs;
import io.pagewise.upstream.VultrStub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The upstream key and the client keys never show: not in logs (at DEBUG), not in problems, not in metrics or any
 * exposed actuator endpoint — after a run full of upstream faults, including an upstream that echoes our key back
 * in its error messages and clients that send almost-right keys.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pagewise.security.api-keys=" + SecretLeakTests.CLIENT_KEY + "," + SecretLeakTests.OTHER_KEY,
				"pagewise.inference.min-backoff=10ms", "pagewise.inference.max-backoff=100ms",
				"logging.level.io.pagewise=DEBUG", "logging.level.org.springframework.web=DEBUG" })
@AutoConfigureMetrics
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class SecretLeakTests {

	static final String CLIENT_KEY = "pw-client-4f9a1c7e2b";

	static final String OTHER_KEY = "pw-client-8d3e6b0a5f";

	/** A client sending a key one character short: what it sent must not be echoed either. */
	private static final String ALMOST_KEY = "pw-client-4f9a1c7e2";

	private static final FlakyUpstream faults = new FlakyUpstream(7L);

	@RegisterExtension
	static final VultrStub upstream = VultrStub.startWith(faults);

	@TempDir
	static Path storage;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("pagewise.storage.dir", storage::toString);
		upstream.connect(registry);
	}

	@LocalServerPort
	private int port;

	@Test
	void noKeyAppearsInLogsProblemsMetricsOrActuatorAfterAFaultHeavyRun(CapturedOutput output) throws Exception {
		ServiceClient client = new ServiceClient(this.port, CLIENT_KEY, Duration.ofSeconds(60));
		List<Reply> seen = new ArrayList<>();
		String id = upload(client, TestPdfs.letter(5, "secrets", 3));

		faults.failCalls();
		for (int i = 0; i < 6; i++) {
			seen.add(client.ask(id, "Flaky question " + i + "?"));
			seen.add(client.askStreamed(id, "Flaky streamed question " + i + "?"));
		}
		faults.heal();
		String echo = "Invalid API key " + upstream.apiKey() + " (Authorization: Bearer " + upstream.apiKey() + ")";
		for (int status : new int[] { 400, 401, 403, 422, 500, 503 }) {
			upstream.server().stubFor(post(urlEqualTo("/v1/rerank")).atPriority(VultrStub.OVERRIDE)
				.willReturn(aResponse().withStatus(status)
					.withHeader("Content-Type", "application/json")
					.withBody("{\"error\":{\"message\":\"" + echo + "\"},\"detail\":\"" + echo + "\"}")));
			seen.add(client.ask(id, "Echo " + status + "?"));
			seen.add(client.askStreamed(id, "Echo streamed " + status + "?"));
		}
		ServiceClient almost = new ServiceClient(this.port, ALMOST_KEY, Duration.ofSeconds(10));
		seen.add(almost.ask(id, "Let me in?"));
		seen.add(almost.get("/api/v1/documents/" + id));

		ServiceClient anonymous = new ServiceClient(this.port, null, Duration.ofSeconds(30));
		for (String path : List.of("/actuator/health", "/actuator/health/inference", "/actuator/health/liveness",
				"/actuator/health/readiness", "/v3/api-docs")) {
			Reply reply = anonymous.get(path);
			assertThat(reply.status()).as(path).isIn(200, 503);
			seen.add(reply);
		}
		for (String path : List.of("/actuator/prometheus", "/actuator/metrics", "/actuator/info")) {
			Reply reply = anonymous.get(path);
			assertThat(reply.status()).as(path + " needs a key").isEqualTo(401);
			seen.add(reply);
			seen.add(client.get(path));
		}
		seen.addAll(everyMetric(client));
		for (String path : List.of("/actuator/env", "/actuator/configprops", "/actuator/beans", "/actuator/heapdump",
				"/actuator/threaddump", "/actuator/loggers", "/actuator/mappings", "/actuator/conditions")) {
			assertThat(client.get(path).status()).as(path + " is not exposed").isEqualTo(404);
		}

		assertThat(seen.stream().filter((reply) -> reply.problemCode().startsWith("upstream-")).count())
			.as("the run did surface upstream problems").isGreaterThanOrEqualTo(10);
		assertThat(faults.totalInjected()).as("faults injected").isPositive();
		String everything = String.join("\n", seen.stream().map(SecretLeakTests::headersAndBody).toList());
		for (String secret : List.of(upstream.apiKey(), CLIENT_KEY, OTHER_KEY, ALMOST_KEY)) {
			assertThat(everything).as("responses").doesNotContain(secret);
			assertThat(output.getAll()).as("log output").doesNotContain(secret);
		}
		assertThat(everything).as("the upstream's echo was passed on, redacted").contains("[redacted]");
		System.out.printf("%nSecrets: %d responses (%d upstream problems, %d faults injected) and %d characters of log "
				+ "checked for 4 keys%n", seen.size(), seen.stream().filter((r) -> r.problemCode().startsWith("upstream-")).count(),
				faults.totalInjected(), output.getAll().length());
	}

	private static List<Reply> everyMetric(ServiceClient client) throws Exception {
		Reply names = client.get("/actuator/metrics");
		List<Reply> metrics = new ArrayList<>(List.of(names));
		for (JsonNode name : names.json().get("names")) {
			metrics.add(client.get("/actuator/metrics/" + name.asString()));
		}
		return metrics;
	}

	private static String headersAndBody(Reply reply) {
		return reply.headers().map() + "\n" + reply.body();
	}

	private static String upload(ServiceClient client, byte[] pdf) throws Exception {
		Reply reply = client.upload(pdf);
		assertThat(reply.status()).as(reply.toString()).isIn(200, 201);
		return reply.json().get("id").asString();
	}

}
