package io.pagewise.reliability;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

import io.pagewise.QuietPdfBox;
import io.pagewise.TestPdfs;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Damaged PDFs through the real upload endpoint: truncations, flipped bits, zeroed blocks and broken
 * {@code startxref}s of PDFs PDFBox writes here (and, when {@code PAGEWISE_CORPUS_DIR} is set, of a few small
 * real-world files of {@code <dir>/real}), all from a fixed seed. Each must be answered — stored, or refused with a
 * 4xx problem — within the client's timeout, never with a 5xx; the service must be healthy afterwards.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "logging.level.org.apache.pdfbox=off", "logging.level.org.apache.fontbox=off",
				"pagewise.render.page-timeout=10s", "pagewise.render.document-timeout=30s" })
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(QuietPdfBox.class)
class PdfMutationTests {

	private static final long SEED = 20_250_611L;

	/** Well beyond the 30 s document budget: a file still unanswered by then hangs. */
	private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(60);

	private static final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();

	@TempDir
	static Path storage;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("pagewise.storage.dir", storage::toString);
	}

	@LocalServerPort
	private int port;

	@TestFactory
	@Order(1)
	Stream<DynamicTest> everyMutationIsStoredOrRefusedWithA4xxProblemInTime() throws IOException {
		MutatedPdfs mutations = new MutatedPdfs(SEED);
		List<MutatedPdfs.Sample> samples = new ArrayList<>();
		for (MutatedPdfs.Sample base : MutatedPdfs.bases()) {
			samples.addAll(mutations.mutate(base, 3));
		}
		for (MutatedPdfs.Sample real : smallRealPdfs(4)) {
			samples.addAll(mutations.mutate(real, 2));
		}
		ServiceClient client = new ServiceClient(this.port, null, CLIENT_TIMEOUT);
		return samples.stream().map((sample) -> DynamicTest.dynamicTest(sample.name(), () -> {
			Reply reply = upload(client, sample);
			assertThat(reply.status()).as(reply.toString()).isLessThan(500);
			if (reply.status() >= 400) {
				assertThat(reply.code()).as("problem code").isNotBlank();
			}
		}));
	}

	@Test
	@Order(2)
	void theServiceIsHealthyAndStillRendersAfterwards() throws Exception {
		ServiceClient client = new ServiceClient(this.port, null, CLIENT_TIMEOUT);
		for (String probe : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
			Reply health = client.get(probe);
			assertThat(health.status()).as(probe).isEqualTo(200);
			assertThat(health.json().get("status").asString()).isEqualTo("UP");
		}
		Reply fresh = client.upload(TestPdfs.letter(2, "after the mutations " + SEED));
		assertThat(fresh.status()).isEqualTo(201);
		assertThat(fresh.json().get("pageCount").asInt()).isEqualTo(2);
	}

	@AfterAll
	static void printOutcomes() {
		if (outcomes.isEmpty()) {
			return;
		}
		Map<String, Integer> counts = new TreeMap<>();
		outcomes.forEach((outcome) -> counts.merge(outcome.status() + " " + outcome.code(), 1, Integer::sum));
		Outcome slowest = outcomes.stream().max(Comparator.comparingLong(Outcome::millis)).orElseThrow();
		System.out.printf("%nMutated PDFs (seed %d): %d uploads, by outcome %s; slowest %s (%d ms, %d)%n", SEED,
				outcomes.size(), counts, slowest.file(), slowest.millis(), slowest.status());
	}

	private static Reply upload(ServiceClient client, MutatedPdfs.Sample sample) throws Exception {
		try {
			Reply reply = client.upload(sample.bytes());
			outcomes.add(new Outcome(sample.name(), reply.status(), reply.code(), reply.elapsed().toMillis()));
			return reply;
		}
		catch (HttpTimeoutException ex) {
			outcomes.add(new Outcome(sample.name(), -1, "client-timeout", CLIENT_TIMEOUT.toMillis()));
			return fail("No answer for " + sample.name() + " within " + CLIENT_TIMEOUT.toSeconds() + " s", ex);
		}
	}

	/** The {@code count} smallest real PDFs of at most 4 pages from the corpus, if there is one. */
	private static List<MutatedPdfs.Sample> smallRealPdfs(int count) throws IOException {
		Path corpus = corpusDir();
		if (corpus == null || !Files.isRegularFile(corpus.resolve("MANIFEST.tsv"))) {
			return List.of();
		}
		try (Stream<String> lines = Files.lines(corpus.resolve("MANIFEST.tsv"))) {
			List<String> names = lines.skip(1)
				.map((line) -> line.split("\t"))
				.filter((columns) -> columns[0].startsWith("real/") && Integer.parseInt(columns[2]) <= 4)
				.sorted(Comparator.comparingLong((String[] columns) -> Long.parseLong(columns[1])))
				.limit(count)
				.map((columns) -> columns[0])
				.toList();
			List<MutatedPdfs.Sample> samples = new ArrayList<>();
			for (String name : names) {
				samples.add(new MutatedPdfs.Sample(name, Files.readAllBytes(corpus.resolve(name))));
			}
			return samples;
		}
	}

	private static @Nullable Path corpusDir() {
		String dir = System.getProperty("pagewise.corpus.dir", System.getenv("PAGEWISE_CORPUS_DIR"));
		return (dir == null || dir.isBlank()) ? null : Path.of(dir);
	}

	record Outcome(String file, int status, String code, long millis) {
	}

}
