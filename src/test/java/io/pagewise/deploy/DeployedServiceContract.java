package io.pagewise.deploy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import io.pagewise.TestPdfs;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Black-box checks of a deployed Pagewise talking to the offline upstream stub of {@code deploy/wiremock}: what
 * a user of {@code docker compose up} sees. Subclasses say where the service runs.
 */
abstract class DeployedServiceContract {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final JsonMapper json = JsonMapper.builder().build();

	/** The service's root URL, e.g. {@code http://localhost:8080}. */
	abstract String baseUrl();

	@Test
	void isReady() throws Exception {
		HttpResponse<String> readiness = get("/actuator/health/readiness");
		assertThat(readiness.statusCode()).isEqualTo(200);
		assertThat(readiness.body()).contains("\"UP\"");
	}

	@Test
	void uploadsAPdfAndServesItsPageImages() throws Exception {
		JsonNode document = upload(TestPdfs.letter(3, "deployed " + UUID.randomUUID()));
		assertThat(document.get("pageCount").asInt()).isEqualTo(3);
		HttpResponse<byte[]> page = this.http.send(request(document.get("pages").get(1).get("imageUrl").asString())
			.GET()
			.build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type")).hasValue("image/jpeg");
		assertThat(page.body()).startsWith((byte) 0xFF, (byte) 0xD8);
	}

	@Test
	void answersAQuestionFromTheUpstream() throws Exception {
		String id = upload(TestPdfs.letter(4, "answer " + UUID.randomUUID())).get("id").asString();
		HttpResponse<String> response = post("/api/v1/documents/" + id + "/answers", "application/json");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode answer = this.json.readTree(response.body());
		assertThat(answer.get("answer").asString()).isNotBlank();
		assertThat(answer.get("ranking")).hasSize(4);
		assertThat(answer.get("citations")).hasSize(1);
	}

	@Test
	void streamsAnAnswer() throws Exception {
		String id = upload(TestPdfs.letter(2, "stream " + UUID.randomUUID())).get("id").asString();
		HttpResponse<String> response = post("/api/v1/documents/" + id + "/answers", "text/event-stream");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("event:ranking").contains("event:delta").contains("event:done");
		assertThat(response.body().indexOf("event:ranking")).isLessThan(response.body().indexOf("event:done"));
	}

	@Test
	void refusesANonPdfWithAProblem() throws Exception {
		HttpResponse<String> response = multipart("hello, not a pdf".getBytes(StandardCharsets.US_ASCII));
		assertThat(response.statusCode()).isEqualTo(415);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("\"code\":\"not-a-pdf\"");
	}

	private JsonNode upload(byte[] pdf) throws Exception {
		HttpResponse<String> response = multipart(pdf);
		assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
		return this.json.readTree(response.body());
	}

	private HttpResponse<String> multipart(byte[] content) throws Exception {
		String boundary = UUID.randomUUID().toString();
		byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n"
				+ "Content-Type: application/pdf\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
		return this.http.send(request("/api/v1/documents")
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
					HttpRequest.BodyPublishers.ofByteArray(content), HttpRequest.BodyPublishers.ofByteArray(tail)))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, String accept) throws Exception {
		return this.http.send(request(path).header("Content-Type", "application/json")
			.header("Accept", accept)
			.POST(HttpRequest.BodyPublishers.ofString("{\"question\":\"What is on these pages?\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(60));
	}

}
