package io.pagewise.document;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import io.pagewise.PagewiseApplication;
import io.pagewise.TestPdfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole service over real HTTP: upload, fetch a page, restart on the same storage, delete. */
class DocumentLifecycleTests {

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	private Path storage;

	@Test
	void uploadedDocumentSurvivesARestartAndCanBeDeleted() throws Exception {
		byte[] pdf = TestPdfs.letter(3, "lifecycle");
		String id;
		byte[] page2;
		try (ConfigurableApplicationContext app = start()) {
			HttpResponse<String> created = upload(app, pdf);
			assertThat(created.statusCode()).isEqualTo(201);
			JsonNode body = this.json.readTree(created.body());
			id = body.get("id").asString();
			assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/documents/" + id);
			assertThat(body.get("pageCount").asInt()).isEqualTo(3);
			JsonNode first = body.get("pages").get(0);
			assertThat(first.get("width").asInt() * first.get("height").asInt()).isLessThanOrEqualTo(1_300_000);

			HttpResponse<byte[]> image = get(app, first.get("imageUrl").asString());
			assertThat(image.statusCode()).isEqualTo(200);
			assertThat(image.headers().firstValue("Content-Type")).hasValue("image/jpeg");
			assertThat(image.body()).hasSize(first.get("imageBytes").asInt());
			var decoded = ImageIO.read(new ByteArrayInputStream(image.body()));
			assertThat(decoded.getWidth()).isEqualTo(first.get("width").asInt());
			page2 = get(app, "/api/v1/documents/" + id + "/pages/2").body();

			assertThat(upload(app, pdf).statusCode()).as("same bytes again").isEqualTo(200);
		}
		try (ConfigurableApplicationContext app = start()) {
			HttpResponse<byte[]> summary = get(app, "/api/v1/documents/" + id);
			assertThat(summary.statusCode()).isEqualTo(200);
			assertThat(get(app, "/api/v1/documents/" + id + "/pages/2").body()).isEqualTo(page2);

			HttpResponse<String> deleted = this.http.send(request(app, "/api/v1/documents/" + id).DELETE().build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(deleted.statusCode()).isEqualTo(204);
			HttpResponse<byte[]> gone = get(app, "/api/v1/documents/" + id);
			assertThat(gone.statusCode()).isEqualTo(404);
			assertThat(new String(gone.body(), StandardCharsets.UTF_8)).contains("\"code\":\"document-not-found\"");
		}
	}

	@Test
	void uploadOverTheSizeLimitIs413ProblemNot500() throws Exception {
		try (ConfigurableApplicationContext app = start("spring.servlet.multipart.max-file-size=64KB",
				"spring.servlet.multipart.max-request-size=64KB")) {
			byte[] big = new byte[256 * 1024];
			System.arraycopy("%PDF-1.7".getBytes(StandardCharsets.US_ASCII), 0, big, 0, 8);
			HttpResponse<String> response = upload(app, big);
			assertThat(response.statusCode()).isEqualTo(413);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(response.body()).contains("\"code\":\"upload-too-large\"");
		}
	}

	private ConfigurableApplicationContext start(String... properties) {
		// Command-line arguments, because builder properties rank below application.yml.
		Stream<String> args = Stream.concat(Stream.of("server.port=0", "pagewise.storage.dir=" + this.storage),
				Stream.of(properties));
		return new SpringApplicationBuilder(PagewiseApplication.class).run(args.map((p) -> "--" + p)
			.toArray(String[]::new));
	}

	private HttpResponse<String> upload(ConfigurableApplicationContext app, byte[] pdf) throws Exception {
		String boundary = UUID.randomUUID().toString();
		byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n"
				+ "Content-Type: application/pdf\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
		HttpRequest request = request(app, "/api/v1/documents")
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
					HttpRequest.BodyPublishers.ofByteArray(pdf), HttpRequest.BodyPublishers.ofByteArray(tail)))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<byte[]> get(ConfigurableApplicationContext app, String path) throws Exception {
		return this.http.send(request(app, path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	private static HttpRequest.Builder request(ConfigurableApplicationContext app, String path) {
		String port = app.getEnvironment().getProperty("local.server.port");
		return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
	}

}
