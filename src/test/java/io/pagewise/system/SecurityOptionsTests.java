package io.pagewise.system;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code protect-prometheus=false} opens the scrape endpoint only; {@code public-api-docs=false} closes the docs. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pagewise.security.api-keys=options-key-1", "pagewise.security.protect-prometheus=false",
				"pagewise.security.public-api-docs=false" })
@AutoConfigureMetrics
class SecurityOptionsTests {

	@TempDir
	static Path storage;

	@DynamicPropertySource
	static void storage(DynamicPropertyRegistry registry) {
		registry.add("pagewise.storage.dir", storage::toString);
	}

	@LocalServerPort
	private int port;

	@Test
	void aScraperWithoutAKeyGetsPrometheusButNothingElse() throws Exception {
		RawHttp http = new RawHttp(this.port);
		assertThat(http.send("GET", "/actuator/prometheus", Map.of(), new byte[0]).status()).isEqualTo(200);
		assertThat(http.send("GET", "/actuator/health/readiness", Map.of(), new byte[0]).status()).isEqualTo(200);
		for (String path : new String[] { "/actuator/metrics", "/actuator/metrics/jvm.memory.used", "/actuator",
				"/actuator/info", "/actuator/%70rometheus/x" }) {
			assertThat(http.send("GET", path, Map.of(), new byte[0]).status()).as(path).isEqualTo(401);
		}
	}

	@Test
	void closedApiDocsNeedAKey() throws Exception {
		RawHttp http = new RawHttp(this.port);
		for (String path : new String[] { "/v3/api-docs", "/swagger-ui.html", "/swagger-ui/index.html" }) {
			assertThat(http.send("GET", path, Map.of(), new byte[0]).status()).as(path).isEqualTo(401);
		}
		assertThat(http.send("GET", "/v3/api-docs", Map.of("X-API-Key", "options-key-1"), new byte[0]).status())
			.isEqualTo(200);
		assertThat(http.send("GET", "/index.html", Map.of(), new byte[0]).status()).as("the web page")
			.isEqualTo(200);
	}

}
