package io.pagewise.collection;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.pagewise.TestPdfs;
import io.pagewise.scale.PagewiseInstance;
import io.pagewise.scale.S3TestServer;
import io.pagewise.search.PageSearch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two Pagewise replicas, each its own application on its own port with its own storage directory and search index,
 * sharing documents through one S3-compatible server ({@link S3TestServer}) and the catalog through one real
 * PostgreSQL database ({@link TestPostgres}; skipped, saying why, where there is none): a collection filled through
 * one replica is listed and searched through the other, and a document deleted through either leaves both.
 */
class SharedCollectionTests {

	private static final String BUCKET = "documents";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newHttpClient();

	@TempDir
	static Path temp;

	private static S3TestServer s3;

	private static PagewiseInstance a;

	private static PagewiseInstance b;

	@BeforeAll
	static void startReplicas() {
		TestPostgres.Database database = TestPostgres.newDatabase();
		s3 = S3TestServer.start();
		a = PagewiseInstance.start(replica("a", database));
		b = PagewiseInstance.start(replica("b", database));
	}

	@AfterAll
	static void stopReplicas() throws Exception {
		for (AutoCloseable closeable : new AutoCloseable[] { a, b, s3 }) {
			if (closeable != null) {
				closeable.close();
			}
		}
	}

	/** No upstream: lexical rankings need none. */
	private static List<String> replica(String name, TestPostgres.Database database) {
		List<String> properties = new ArrayList<>(s3.pagewiseProperties(BUCKET));
		properties.addAll(List.of("pagewise.storage.dir=" + temp.resolve(name),
				"pagewise.search.dir=" + temp.resolve(name + "-index"), "spring.datasource.url=" + database.url(),
				"spring.datasource.username=" + database.user(), "spring.datasource.password=" + database.password(),
				"pagewise.collections.index-poll=200ms"));
		return properties;
	}

	@Test
	void aCollectionFilledThroughOneReplicaIsSearchedThroughTheOtherAndADeleteThroughEitherLeavesBoth()
			throws Exception {
		String collection = "shared-" + UUID.randomUUID().toString().substring(0, 8);
		String word = "turbine";
		assertThat(send(a, "POST", "/api/v1/collections", "{\"name\":\"" + collection + "\"}").statusCode())
			.isEqualTo(201);
		String kept = add(a, collection, TestPdfs.letter(2, word + " inspection " + UUID.randomUUID()), "Inspection");
		String deleted = add(a, collection, TestPdfs.letter(3, word + " warranty " + UUID.randomUUID()), "Warranty");
		assertThat(kept).isNotEqualTo(deleted);

		assertThat(memberIds(b, collection)).containsExactlyInAnyOrder(kept, deleted);
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(rankedIds(b, collection, word)).containsExactlyInAnyOrder(kept, deleted));
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(rankedIds(a, collection, word)).containsExactlyInAnyOrder(kept, deleted));
		PageSearch searchOnA = a.context().getBean(PageSearch.class);
		await().atMost(Duration.ofSeconds(60))
			.until(() -> !searchOnA.search(word, List.of(deleted), 10).isEmpty());

		assertThat(send(b, "DELETE", "/api/v1/documents/" + deleted, null).statusCode()).isEqualTo(204);

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(memberIds(a, collection)).containsExactly(kept);
			assertThat(rankedIds(a, collection, word)).containsExactly(kept);
		});
		// A's own index drops it from the change sequence written by B, not only its catalog reads.
		await().atMost(Duration.ofSeconds(30)).until(() -> searchOnA.search(word, List.of(deleted), 10).isEmpty());
		assertThat(searchOnA.search(word, List.of(kept), 10)).isNotEmpty();
		assertThat(send(a, "GET", "/api/v1/documents/" + deleted, null).statusCode()).isEqualTo(404);
		for (int page = 1; page <= 3; page++) {
			assertThat(send(a, "GET", "/api/v1/documents/" + deleted + "/pages/" + page, null).statusCode())
				.as("page %d of the deleted document", page)
				.isEqualTo(404);
		}
		assertThat(send(a, "GET", "/api/v1/documents/" + kept, null).statusCode()).isEqualTo(200);
		assertThat(memberIds(b, collection)).containsExactly(kept);
		assertThat(rankedIds(b, collection, word)).containsExactly(kept);
	}

	private static Set<String> memberIds(PagewiseInstance replica, String collection) throws Exception {
		HttpResponse<String> response = send(replica, "GET", "/api/v1/collections/" + collection + "/documents",
				null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode listing = json.readTree(response.body());
		assertThat(listing.get("next").isNull()).isTrue();
		return listing.get("items").valueStream().map((item) -> item.get("documentId").asString())
			.collect(Collectors.toSet());
	}

	/** The documents of the lexical ranking's pages. */
	private static Set<String> rankedIds(PagewiseInstance replica, String collection, String query) throws Exception {
		HttpResponse<String> response = send(replica, "POST", "/api/v1/collections/" + collection + "/rankings",
				"{\"query\":\"" + query + "\",\"retriever\":\"lexical\",\"topN\":20}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode ranking = json.readTree(response.body());
		assertThat(ranking.get("retriever").asString()).isEqualTo("lexical");
		assertThat(ranking.get("degraded").asBoolean()).isFalse();
		return ranking.get("ranking").valueStream().map((page) -> page.get("documentId").asString())
			.collect(Collectors.toSet());
	}

	/** Uploads a PDF into the collection with a title; its document id. */
	private static String add(PagewiseInstance replica, String collection, byte[] pdf, String title)
			throws Exception {
		String boundary = UUID.randomUUID().toString();
		String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n" + title + "\r\n--"
				+ boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n"
				+ "Content-Type: application/pdf\r\n\r\n";
		byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
		HttpResponse<String> response = http.send(request(replica, "/api/v1/collections/" + collection + "/documents")
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofString(head, StandardCharsets.UTF_8),
					HttpRequest.BodyPublishers.ofByteArray(pdf), HttpRequest.BodyPublishers.ofByteArray(tail)))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
		return json.readTree(response.body()).get("documentId").asString();
	}

	private static HttpResponse<String> send(PagewiseInstance replica, String method, String path, String body)
			throws Exception {
		HttpRequest.Builder request = request(replica, path);
		if (body == null) {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		else {
			request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpRequest.Builder request(PagewiseInstance replica, String path) {
		int port = replica.context().getEnvironment().getRequiredProperty("local.server.port", Integer.class);
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
	}

}
