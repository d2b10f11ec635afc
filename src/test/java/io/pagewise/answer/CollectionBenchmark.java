package io.pagewise.answer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import com.sun.management.OperatingSystemMXBean;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pagewise.upstream.VultrStub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Collections measured end to end, not a test (no assertions; never part of the default run, whose includes its
 * name does not match): a real Pagewise against the WireMock upstream stub with the end-to-end section's latency
 * model, adds the 39 PDFs of {@code corpus/real} to one collection over HTTP, waits for their text layers and the
 * index, then asks the questions of {@code corpus/QUESTIONS.tsv} through {@code …/answers}: over the whole
 * collection with the default settings, and restricted to the answer's document. Writes
 * {@code target/collection-benchmark.md}. Run once more with {@code -Dpagewise.collections.rerank-all-pages=2000}
 * for the exact path over the whole collection.
 *
 * <pre>
 * ./mvnw -B test -Dtest=CollectionBenchmark -Dbench=true -Dpagewise.corpus.dir=/path/to/corpus
 * </pre>
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CollectionBenchmark {

	private static final String COLLECTION = "corpus";

	@RegisterExtension
	static final VultrStub upstream = VultrStub.start();

	@TempDir
	static Path storage;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("pagewise.storage.dir", () -> storage.toString());
		registry.add("pagewise.inference.base-url", () -> upstream.baseUrl() + "/v1/");
		registry.add("pagewise.inference.api-key", upstream::apiKey);
	}

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry registry;

	private final StringBuilder report = new StringBuilder();

	@Test
	void measure() throws Exception {
		// The end-to-end section's latency model (BenchStub); scores by compressed size so the stub's decoding
		// takes no CPU from the service under test.
		upstream.latency(Duration.ofMillis(300), Duration.ofMillis(25))
			.chatLatency(Duration.ofMillis(800), Duration.ofMillis(100))
			.scoreBySize()
			.answer("Stub answer.");
		Path corpus = Path.of(System.getProperty("pagewise.corpus.dir",
				System.getenv().getOrDefault("PAGEWISE_CORPUS_DIR", "../shared/corpus")));
		CollectionClient client = new CollectionClient(this.port);
		try {
			line("Machine: %d cores, load average at start %s; rerank-all-pages=%s", Runtime.getRuntime()
				.availableProcessors(), loadAverage(), System.getProperty("pagewise.collections.rerank-all-pages",
						"300 (default)"));
			client.create(COLLECTION);
			Map<String, String> ids = ingest(corpus, client);
			List<String[]> questions = questions(corpus);
			ready(client, questions, ids.size());
			ask(client, questions, ids, false);
			ask(client, questions, ids, true);
			line("%nLoad average at end %s", loadAverage());
		}
		finally {
			Files.writeString(Path.of("target", "collection-benchmark.md"), this.report);
			System.out.println(this.report);
		}
	}

	private Map<String, String> ingest(Path corpus, CollectionClient client) throws Exception {
		Map<String, String> ids = new LinkedHashMap<>();
		List<Double> each = new ArrayList<>();
		long start = System.nanoTime();
		try (Stream<Path> files = Files.list(corpus.resolve("real"))) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".pdf")).sorted().toList()) {
				long one = System.nanoTime();
				String name = file.getFileName().toString();
				ids.put(name, client.add(COLLECTION, Files.readAllBytes(file), name, "{}"));
				each.add((System.nanoTime() - one) / 1e6);
			}
		}
		line("%n### Ingest: POST /api/v1/collections/%s/documents, one after another%n", COLLECTION);
		line("%d documents in %.1f s; per document p50 %.0f ms, max %.0f ms (load average %s)", ids.size(),
				(System.nanoTime() - start) / 1e9, percentile(each, 50), percentile(each, 100), loadAverage());
		this.ingestEnd = System.nanoTime();
		return ids;
	}

	private long ingestEnd;

	/**
	 * Waits until every document's text layer is extracted (the extraction timer counts 39) and every question's
	 * lexical ranking over the collection is non-empty (the index has caught up).
	 */
	private void ready(CollectionClient client, List<String[]> questions, int documents) throws Exception {
		long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
		Timer extraction = null;
		long textsAt = 0;
		while (System.nanoTime() < deadline) {
			extraction = this.registry.find("pagewise.text.extraction").timer();
			if (extraction != null && extraction.count() >= documents) {
				textsAt = System.nanoTime();
				break;
			}
			Thread.sleep(100);
		}
		long indexedAt = 0;
		while (System.nanoTime() < deadline && indexedAt == 0) {
			boolean all = true;
			for (String[] question : questions) {
				JsonNode ranking = client.ok("/api/v1/collections/" + COLLECTION + "/rankings",
						json(Map.of("query", question[1], "retriever", "lexical", "topN", 1)));
				all &= !ranking.get("ranking").isEmpty();
			}
			if (all) {
				indexedAt = System.nanoTime();
			}
			else {
				Thread.sleep(100);
			}
		}
		line("Text layers of all documents extracted %.1f s after the last upload returned (extraction timer "
				+ "count %d, total %.1f s); every question's lexical ranking non-empty after %.1f s.",
				(textsAt - this.ingestEnd) / 1e9, (extraction != null) ? extraction.count() : 0,
				(extraction != null) ? extraction.totalTime(java.util.concurrent.TimeUnit.SECONDS) : 0,
				(indexedAt - this.ingestEnd) / 1e9);
	}

	private void ask(CollectionClient client, List<String[]> questions, Map<String, String> ids, boolean onlyDocument)
			throws Exception {
		line("%n### Answers %s%n", onlyDocument ? "restricted to the answer's document (documentIds)"
				: "over the whole collection");
		line("| question (file) | retriever | pages | candidates | rerank calls | rerank tokens | chat calls | ms | "
				+ "rank of answer page | cited |");
		line("|---|---|---|---|---|---|---|---|---|---|");
		List<Double> latencies = new ArrayList<>();
		long calls = 0;
		long tokens = 0;
		int top = 0;
		int ranked = 0;
		int cited = 0;
		for (String[] question : questions) {
			String file = question[0].substring(question[0].indexOf('/') + 1);
			String id = ids.get(file);
			int page = Integer.parseInt(question[2]);
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("question", question[1]);
			if (onlyDocument) {
				body.put("documentIds", List.of(id));
			}
			// WireMock's journal keeps every request body (a rerank batch is up to ~1 MB): cleared per question so an
			// exact question over the whole collection (~350 batches) does not fill the test JVM's heap.
			upstream.server().resetRequests();
			long start = System.nanoTime();
			JsonNode answer = client.ok("/api/v1/collections/" + COLLECTION + "/answers", json(body));
			double ms = (System.nanoTime() - start) / 1e6;
			latencies.add(ms);
			int rerankCalls = upstream.rerankRequests().size();
			int chatCalls = upstream.chatRequests().size();
			long rerankTokens = answer.get("usage").get("rerankTokens").asLong();
			calls += rerankCalls;
			tokens += rerankTokens;
			int rank = rank(answer.get("ranking"), id, page);
			boolean isCited = rank(answer.get("citations"), id, page) > 0;
			top += (rank == 1) ? 1 : 0;
			ranked += (rank > 0) ? 1 : 0;
			cited += isCited ? 1 : 0;
			line("| %s | %s | %d | %d | %d | %d | %d | %.0f | %s | %s |", file, answer.get("retriever").asString(),
					answer.get("pagesInCollection").asLong(), answer.get("candidatePages").asInt(), rerankCalls,
					rerankTokens, chatCalls, ms, (rank > 0) ? Integer.toString(rank) : "not ranked",
					isCited ? "yes" : "no");
		}
		line("%nPer question: %.1f rerank calls, %.0f rerank tokens; latency p50 %.0f ms, p99 %.0f ms (of %d); answer "
				+ "page among the reranked candidates %d/%d, first in the ranking %d/%d, cited %d/%d (load average %s).",
				calls / (double) questions.size(), tokens / (double) questions.size(), percentile(latencies, 50),
				percentile(latencies, 99), latencies.size(), ranked, questions.size(), top, questions.size(), cited, questions.size(), loadAverage());
	}

	/** 1-based rank of the document's page in a list of cited pages, 0 when absent. */
	private static int rank(JsonNode pages, String documentId, int page) {
		int rank = 0;
		for (JsonNode cited : pages) {
			rank++;
			if (cited.get("documentId").asString().equals(documentId) && cited.get("page").asInt() == page) {
				return rank;
			}
		}
		return 0;
	}

	private static List<String[]> questions(Path corpus) throws IOException {
		return Files.readAllLines(corpus.resolve("QUESTIONS.tsv"))
			.stream()
			.skip(1)
			.filter((row) -> !row.isBlank())
			.map((row) -> row.split("\t"))
			.toList();
	}

	private static String json(Map<String, ?> body) {
		return tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(body);
	}

	private static double percentile(List<Double> values, int percentile) {
		List<Double> sorted = values.stream().sorted().toList();
		int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
	}

	private static String loadAverage() {
		OperatingSystemMXBean os = (OperatingSystemMXBean) java.lang.management.ManagementFactory
			.getOperatingSystemMXBean();
		return String.format(Locale.ROOT, "%.1f", os.getSystemLoadAverage());
	}

	private void line(String format, Object... arguments) {
		this.report.append(String.format(Locale.ROOT, format, arguments)).append('\n');
	}

}
