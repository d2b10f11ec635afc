package io.pagewise.answer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** Plain HTTP calls to a running Pagewise for the collection question tests: collections, uploads, questions. */
final class CollectionClient {

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	private final int port;

	CollectionClient(int port) {
		this.port = port;
	}

	void create(String collection) throws Exception {
		HttpResponse<String> response = send("POST", "/api/v1/collections", "{\"name\":\"" + collection + "\"}",
				"application/json");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
	}

	/** Uploads a PDF into the collection with a title and metadata; its document id. */
	String add(String collection, byte[] pdf, String title, String metadata) throws Exception {
		String boundary = UUID.randomUUID().toString();
		String head = field(boundary, "title", title) + field(boundary, "metadata", metadata) + "--" + boundary
				+ "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n"
				+ "Content-Type: application/pdf\r\n\r\n";
		byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
		HttpResponse<String> response = this.http.send(request("/api/v1/collections/" + collection + "/documents")
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofString(head, StandardCharsets.UTF_8),
					HttpRequest.BodyPublishers.ofByteArray(pdf), HttpRequest.BodyPublishers.ofByteArray(tail)))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
		return this.json.readTree(response.body()).get("documentId").asString();
	}

	/** A successful JSON answer to a POST. */
	JsonNode ok(String path, String body) throws Exception {
		HttpResponse<String> response = post(path, body, "application/json");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return this.json.readTree(response.body());
	}

	HttpResponse<String> post(String path, String body, String accept) throws Exception {
		return send("POST", path, body, accept);
	}

	HttpResponse<String> delete(String path) throws Exception {
		return this.http.send(request(path).DELETE().build(), HttpResponse.BodyHandlers.ofString());
	}

	JsonNode json(String body) {
		return this.json.readTree(body);
	}

	private HttpResponse<String> send(String method, String path, String body, String accept) throws Exception {
		return this.http.send(request(path).header("Content-Type", "application/json")
			.header("Accept", accept)
			.method(method, HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
	}

	private static String field(String boundary, String name, String value) {
		return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
	}

}
