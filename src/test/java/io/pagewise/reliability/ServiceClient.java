package io.pagewise.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service under test over plain HTTP, as a frontend calls it. Every call is bounded by {@code timeout}: a
 * service that hangs fails the test with an {@code HttpTimeoutException} instead of hanging it.
 */
final class ServiceClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	private final @Nullable String apiKey;

	private final Duration timeout;

	ServiceClient(int port, @Nullable String apiKey, Duration timeout) {
		this.base = "http://localhost:" + port;
		this.apiKey = apiKey;
		this.timeout = timeout;
	}

	Reply upload(byte[] pdf) throws IOException, InterruptedException {
		String boundary = UUID.randomUUID().toString();
		String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n"
				+ "Content-Type: application/pdf\r\n\r\n";
		byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
		return send(request("/api/v1/documents").header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(BodyPublishers.concat(BodyPublishers.ofString(head), BodyPublishers.ofByteArray(pdf),
					BodyPublishers.ofByteArray(tail))));
	}

	Reply ask(String id, String question) throws IOException, InterruptedException {
		return postJson("/api/v1/documents/" + id + "/answers", "application/json", question);
	}

	Reply askStreamed(String id, String question) throws IOException, InterruptedException {
		return postJson("/api/v1/documents/" + id + "/answers", "text/event-stream", question);
	}

	Reply get(String path) throws IOException, InterruptedException {
		return send(request(path).GET());
	}

	Reply delete(String path) throws IOException, InterruptedException {
		return send(request(path).DELETE());
	}

	private Reply postJson(String path, String accept, String question) throws IOException, InterruptedException {
		String body = JSON.writeValueAsString(java.util.Map.of("question", question));
		return send(request(path).header("Content-Type", "application/json")
			.header("Accept", accept)
			.POST(BodyPublishers.ofString(body)));
	}

	private HttpRequest.Builder request(String path) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path)).timeout(this.timeout);
		if (this.apiKey != null) {
			request.header("X-API-Key", this.apiKey);
		}
		return request;
	}

	private Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
		long start = System.nanoTime();
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		return new Reply(response.statusCode(), response.headers(), response.body(),
				Duration.ofNanos(System.nanoTime() - start));
	}

}
