package io.pagewise.scale;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.pagewise.PagewiseApplication;
import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One Pagewise replica: the whole application in its own context, on its own random port, configured only through
 * properties (as a pod would be through its environment), with an HTTP client for the public API.
 */
public final class PagewiseInstance implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final ConfigurableApplicationContext context;

	private final int port;

	private final HttpClient http = HttpClient.newHttpClient();

	private PagewiseInstance(ConfigurableApplicationContext context) {
		this.context = context;
		this.port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	/** Starts a replica with these {@code name=value} properties (on top of application.yml). */
	public static PagewiseInstance start(List<String> properties) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.jmx.enabled=false"));
		properties.forEach((property) -> args.add("--" + property));
		return new PagewiseInstance(new SpringApplicationBuilder(PagewiseApplication.class).bannerMode(Banner.Mode.OFF)
			.run(args.toArray(String[]::new)));
	}

	public ConfigurableApplicationContext context() {
		return this.context;
	}

	/** Uploads a PDF and returns its document id. */
	public String upload(byte[] pdf) throws Exception {
		HttpResponse<String> response = uploadResponse(pdf);
		if (response.statusCode() != 200 && response.statusCode() != 201) {
			throw new AssertionError("Upload failed: " + response.statusCode() + " " + response.body());
		}
		return json.readTree(response.body()).get("id").asString();
	}

	public HttpResponse<String> uploadResponse(byte[] pdf) throws Exception {
		String boundary = UUID.randomUUID().toString();
		String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n"
				+ "Content-Type: application/pdf\r\n\r\n";
		byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
		return this.http.send(request("/api/v1/documents")
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofString(head),
					HttpRequest.BodyPublishers.ofByteArray(pdf), HttpRequest.BodyPublishers.ofByteArray(tail)))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** Asks a question about a stored document; fails unless the answer is a 200. */
	public JsonNode ask(String id, String question) throws Exception {
		HttpResponse<String> response = askResponse(id, question);
		if (response.statusCode() != 200) {
			throw new AssertionError("Answer failed: " + response.statusCode() + " " + response.body());
		}
		return json.readTree(response.body());
	}

	public HttpResponse<String> askResponse(String id, String question) throws Exception {
		String body = json.writeValueAsString(java.util.Map.of("question", question));
		return this.http.send(request("/api/v1/documents/" + id + "/answers").header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	public HttpResponse<byte[]> get(String path) throws Exception {
		return this.http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	public int delete(String path) throws Exception {
		return this.http.send(request(path).DELETE().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
	}

	@Override
	public void close() {
		this.context.close();
	}

}
