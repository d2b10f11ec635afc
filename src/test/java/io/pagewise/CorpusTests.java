package io.pagewise;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Uploads every file of the shared PDF corpus ({@code bad/}: malformed and hostile, {@code real/}: real-world)
 * through the real HTTP API, and checks that the service answers each within a bounded time, never with a 5xx,
 * renders every real page within the pixel budget, and is still healthy afterwards. Runs only when
 * {@code PAGEWISE_CORPUS_DIR} (or {@code -Dpagewise.corpus.dir}) names the corpus directory.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		// PDFBox logs every repair it makes to a broken file, with stack traces; the outcome table says enough.
		properties = { "logging.level.org.apache.pdfbox=off", "logging.level.org.apache.fontbox=off" })
@EnabledIf(value = "corpusPresent",
		disabledReason = "set PAGEWISE_CORPUS_DIR (or -Dpagewise.corpus.dir) to the corpus directory to run it")
@ExtendWith(QuietPdfBox.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CorpusTests {

	private static final long MAX_PIXELS = 1_300_000;

	private static final Duration PER_FILE = Duration.ofSeconds(120);

	private static final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();

	@TempDir
	static Path storage;

	@LocalServerPort
	int port;

	@Autowired
	JsonMapper json;

	private RestClient http;

	@DynamicPropertySource
	static void storage(DynamicPropertyRegistry registry) {
		registry.add("pagewise.storage.dir", storage::toString);
	}

	static boolean corpusPresent() {
		Path dir = corpusDir();
		return dir != null && Files.isDirectory(dir);
	}

	@BeforeEach
	void client() {
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory();
		requests.setReadTimeout(PER_FILE);
		this.http = RestClient.builder().baseUrl("http://localhost:" + this.port).requestFactory(requests).build();
	}

	@TestFactory
	@Order(1)
	Stream<DynamicTest> everyBadFileIsAnsweredWithoutAServerError() throws IOException {
		return files("bad").map((file) -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
			Response response = upload(file);
			if (response.is2xx()) {
				assertPagesWithinBudget(response.json(this.json));
				return;
			}
			assertThat(response.status()).as("status").isBetween(400, 499);
			assertThat(response.contentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON.toString());
			assertThat(response.code()).as("problem code").isNotBlank();
		}));
	}

	@TestFactory
	@Order(2)
	Stream<DynamicTest> everyRealFileRendersEveryPageWithinThePixelBudget() throws IOException {
		Map<String, Integer> pageCounts = manifestPageCounts();
		return files("real").map((file) -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
			Response response = upload(file);
			assertThat(response.status()).as("status of " + file.getFileName()).isBetween(200, 299);
			JsonNode summary = response.json(this.json);
			assertThat(summary.get("pageCount").asInt()).as("page count")
				.isEqualTo(pageCounts.get("real/" + file.getFileName()));
			assertPagesWithinBudget(summary);
			assertFirstPageImageMatchesItsSummary(summary);
		}));
	}

	@Test
	@Order(3)
	void serviceIsStillHealthyAfterTheCorpus() {
		for (String probe : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
			String body = this.http.get().uri(probe).retrieve().body(String.class);
			assertThat(this.json.readTree(body).get("status").asString()).as(probe).isEqualTo("UP");
		}
	}

	@AfterAll
	static void printOutcomes() {
		if (outcomes.isEmpty()) {
			return;
		}
		StringBuilder table = new StringBuilder(String.format("%n%-58s %6s %-22s %8s%n", "file", "status", "code", "ms"));
		outcomes.forEach((outcome) -> table.append(String.format("%-58s %6d %-22s %8d%n", outcome.file(),
				outcome.status(), outcome.code(), outcome.millis())));
		Outcome slowest = outcomes.stream().max(Comparator.comparingLong(Outcome::millis)).orElseThrow();
		long total = outcomes.stream().mapToLong(Outcome::millis).sum();
		table.append(String.format("%d files in %d ms; slowest: %s (%d ms)%n", outcomes.size(), total,
				slowest.file(), slowest.millis()));
		System.out.print(table);
	}

	private Response upload(Path file) {
		MultipartBodyBuilder body = new MultipartBodyBuilder();
		body.part("file", new FileSystemResource(file)).contentType(MediaType.APPLICATION_PDF);
		String name = file.getParent().getFileName() + "/" + file.getFileName();
		long started = System.nanoTime();
		try {
			Response response = this.http.post()
				.uri("/api/v1/documents")
				.contentType(MediaType.MULTIPART_FORM_DATA)
				.body(body.build())
				.exchange((request, answer) -> new Response(answer.getStatusCode().value(),
						String.valueOf(answer.getHeaders().getContentType()), answer.getBody().readAllBytes()));
			outcomes.add(new Outcome(name, response.status(), response.code(), millisSince(started)));
			return response;
		}
		catch (ResourceAccessException ex) {
			outcomes.add(new Outcome(name, -1, (ex.getCause() instanceof HttpTimeoutException) ? "client-timeout"
					: ex.getClass().getSimpleName(), millisSince(started)));
			return fail("No answer for " + name + " within " + PER_FILE.toSeconds() + " s", ex);
		}
	}

	private static void assertPagesWithinBudget(JsonNode summary) {
		assertThat(summary.get("pages").size()).isEqualTo(summary.get("pageCount").asInt()).isPositive();
		for (JsonNode page : summary.get("pages")) {
			assertThat(page.get("width").asLong() * page.get("height").asLong()).as("pixels of page " + page.get("page"))
				.isPositive()
				.isLessThanOrEqualTo(MAX_PIXELS);
		}
	}

	private void assertFirstPageImageMatchesItsSummary(JsonNode summary) throws IOException {
		JsonNode first = summary.get("pages").get(0);
		byte[] jpeg = this.http.get().uri(first.get("imageUrl").asString()).retrieve().body(byte[].class);
		var image = ImageIO.read(new java.io.ByteArrayInputStream(jpeg));
		assertThat(image.getWidth()).isEqualTo(first.get("width").asInt());
		assertThat(image.getHeight()).isEqualTo(first.get("height").asInt());
	}

	private static Stream<Path> files(String folder) throws IOException {
		try (Stream<Path> files = Files.list(corpusDir().resolve(folder))) {
			List<Path> sorted = files.filter(Files::isRegularFile).sorted().toList();
			assertThat(sorted).as("files in " + folder + "/").isNotEmpty();
			return sorted.stream();
		}
	}

	private static Map<String, Integer> manifestPageCounts() throws IOException {
		try (Stream<String> lines = Files.lines(corpusDir().resolve("MANIFEST.tsv"))) {
			return lines.skip(1)
				.map((line) -> line.split("\t"))
				.filter((columns) -> columns[0].startsWith("real/"))
				.collect(Collectors.toMap((columns) -> columns[0], (columns) -> Integer.parseInt(columns[2]),
						(a, b) -> a));
		}
	}

	private static @Nullable Path corpusDir() {
		String dir = System.getProperty("pagewise.corpus.dir", System.getenv("PAGEWISE_CORPUS_DIR"));
		return (dir == null || dir.isBlank()) ? null : Path.of(dir);
	}

	private static long millisSince(long started) {
		return (System.nanoTime() - started) / 1_000_000;
	}

	record Response(int status, String contentType, byte[] body) {

		boolean is2xx() {
			return this.status >= 200 && this.status < 300;
		}

		String code() {
			if (!this.contentType.startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE)) {
				return "";
			}
			JsonNode code = JsonMapper.shared().readTree(this.body).get("code");
			return (code != null) ? code.asString() : "";
		}

		JsonNode json(JsonMapper json) {
			return json.readTree(this.body);
		}

	}

	record Outcome(String file, int status, String code, long millis) {
	}

}
