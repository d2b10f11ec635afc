package io.pagewise.deploy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The deployed-service contract without Docker, so CI here runs it too: against {@code PAGEWISE_URL} when set
 * (e.g. {@code docker compose up} elsewhere, or any running instance), otherwise against the packaged jar
 * started here as its own process, beside an in-process WireMock serving the compose file's
 * {@code deploy/wiremock} mappings.
 */
class DeployedServiceIT extends DeployedServiceContract {

	private static String baseUrl;

	private static WireMockServer upstream;

	private static Process service;

	@TempDir
	static Path storage;

	@BeforeAll
	static void start() throws Exception {
		String external = System.getenv("PAGEWISE_URL");
		if (external != null && !external.isBlank()) {
			baseUrl = external.replaceAll("/+$", "");
			return;
		}
		upstream = new WireMockServer(options().dynamicPort().usingFilesUnderDirectory("deploy/wiremock"));
		upstream.start();
		int port = freePort();
		ProcessBuilder process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx512m", "-jar", packagedJar().toString())
			.redirectErrorStream(true)
			.redirectOutput(storage.resolve("service.log").toFile());
		process.environment().put("SERVER_PORT", String.valueOf(port));
		process.environment().put("PAGEWISE_STORAGE_DIR", storage.resolve("data").toString());
		process.environment().put("INFERENCE_BASE_URL", upstream.baseUrl());
		process.environment().put("INFERENCE_API_KEY", "offline-stub-key");
		service = process.start();
		baseUrl = "http://localhost:" + port;
		HttpClient http = HttpClient.newHttpClient();
		await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).until(() -> {
			assertThat(service.isAlive()).as("the service process is running; see " + storage.resolve("service.log"))
				.isTrue();
			return ready(http);
		});
	}

	@AfterAll
	static void stop() throws InterruptedException {
		if (service != null) {
			service.destroy();
			service.waitFor();
		}
		if (upstream != null) {
			upstream.stop();
		}
	}

	@Override
	String baseUrl() {
		return baseUrl;
	}

	private static boolean ready(HttpClient http) {
		try {
			return http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health/readiness")).build(),
					HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** The Spring Boot jar `package` produced. */
	private static Path packagedJar() throws IOException {
		try (Stream<Path> files = Files.list(Path.of("target"))) {
			List<Path> jars = files.filter((file) -> file.getFileName().toString().endsWith(".jar")).toList();
			assertThat(jars).as("packaged jars in target/").hasSize(1);
			return jars.getFirst().toAbsolutePath();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
