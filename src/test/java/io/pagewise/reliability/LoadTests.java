package io.pagewise.reliability;

import java.io.IOException;
import java.net.http.HttpHeaders;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.pagewise.TestPdfs;
import io.pagewise.upstream.VultrStub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bounded loopback load test: 24 concurrent clients (virtual threads) ask questions about 6 documents while the
 * upstream accepts 6 calls at once and answers 429 beyond. Every question must succeed, the service's global cap
 * ({@code pagewise.inference.max-concurrent-calls=6}) must keep the upstream from ever refusing, and the health
 * probes must keep answering. Throughput and latency are printed, not asserted.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pagewise.inference.max-concurrent-calls=" + LoadTests.UPSTREAM_LIMIT,
				"pagewise.rerank.max-pages-per-batch=4", "pagewise.inference.min-backoff=10ms",
				"pagewise.inference.max-backoff=200ms" })
@DirtiesContext
class LoadTests {

	static final int UPSTREAM_LIMIT = 6;

	private static final int CLIENTS = 24;

	private static final int DOCUMENTS = 6;

	private static final int QUESTIONS_PER_CLIENT = 3;

	/** What a probe may take at most; Kubernetes' default probe timeout is 1 s, we allow more on a busy CI box. */
	private static final Duration PROBE_BOUND = Duration.ofSeconds(5);

	private static final ConcurrencyLimit limit = new ConcurrencyLimit(UPSTREAM_LIMIT);

	@RegisterExtension
	static final VultrStub upstream = VultrStub.startWith(limit);

	@TempDir
	static Path storage;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("pagewise.storage.dir", storage::toString);
		upstream.connect(registry);
	}

	@LocalServerPort
	private int port;

	@Test
	void everyQuestionSucceedsUnderLoadTheUpstreamCapHoldsAndHealthKeepsAnswering() throws Exception {
		ServiceClient client = new ServiceClient(this.port, null, Duration.ofSeconds(60));
		ServiceClient probeClient = new ServiceClient(this.port, null, PROBE_BOUND);
		List<String> ids = new ArrayList<>();
		List<Integer> darkPages = new ArrayList<>();
		for (int doc = 0; doc < DOCUMENTS; doc++) {
			int pages = 8 + doc;
			darkPages.add(1 + (doc * 7) % pages);
			Reply upload = client.upload(TestPdfs.letter(pages, "load " + doc, darkPages.get(doc)));
			assertThat(upload.status()).isIn(200, 201);
			ids.add(upload.json().get("id").asString());
		}
		upstream.latency(Duration.ofMillis(40), Duration.ofMillis(2));

		ConcurrentLinkedQueue<Reply> probes = new ConcurrentLinkedQueue<>();
		ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().factory());
		prober.scheduleWithFixedDelay(() -> probe(probeClient, probes), 0, 50, TimeUnit.MILLISECONDS);
		List<Reply> replies = new ArrayList<>();
		long start = System.nanoTime();
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<List<Reply>>> clients = new ArrayList<>();
			for (int c = 0; c < CLIENTS; c++) {
				int number = c;
				clients.add(threads.submit(() -> askQuestions(client, number, ids.get(number % DOCUMENTS))));
			}
			for (Future<List<Reply>> questions : clients) {
				replies.addAll(questions.get(3, TimeUnit.MINUTES));
			}
		}
		finally {
			prober.shutdown();
			assertThat(prober.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
		}
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

		List<Reply> failed = replies.stream().filter((reply) -> reply.status() != 200).toList();
		report(replies, failed, probes, elapsed);
		assertThat(failed).as("failed questions").isEmpty();
		for (int i = 0; i < replies.size(); i++) {
			int doc = (i / QUESTIONS_PER_CLIENT) % DOCUMENTS;
			assertThat(replies.get(i).json().get("citations").get(0).get("page").asInt()).isEqualTo(darkPages.get(doc));
		}
		assertThat(upstream.maxInFlight()).as("peak upstream concurrency").isLessThanOrEqualTo(UPSTREAM_LIMIT);
		assertThat(limit.refused()).as("calls the upstream had to refuse").isZero();
		assertThat(limit.inFlight()).as("every admitted call was answered").isZero();
		assertThat(probes).as("health probes during the load").isNotEmpty()
			.allSatisfy((probe) -> assertThat(probe.status()).as(probe.toString()).isEqualTo(200));
	}

	private static List<Reply> askQuestions(ServiceClient client, int number, String id) throws Exception {
		List<Reply> replies = new ArrayList<>();
		for (int q = 0; q < QUESTIONS_PER_CLIENT; q++) {
			replies.add(client.ask(id, "Client " + number + ", question " + q + ": which page is dark?"));
		}
		return replies;
	}

	/** Probes liveness and readiness back to back; a probe slower than its bound is recorded as status -1. */
	private static void probe(ServiceClient client, ConcurrentLinkedQueue<Reply> probes) {
		for (String path : List.of("/actuator/health/liveness", "/actuator/health/readiness")) {
			try {
				probes.add(client.get(path));
			}
			catch (IOException ex) {
				probes.add(new Reply(-1, HttpHeaders.of(Map.of(), (name, value) -> true), ex.toString(), PROBE_BOUND));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private static void report(List<Reply> replies, List<Reply> failed, ConcurrentLinkedQueue<Reply> probes,
			Duration elapsed) {
		List<Long> latencies = replies.stream().map((reply) -> reply.elapsed().toMillis()).sorted().toList();
		List<Long> probeLatencies = probes.stream().map((reply) -> reply.elapsed().toMillis()).sorted().toList();
		System.out.printf("%nLoad: %d clients, %d questions in %d ms = %.1f questions/s, %d errors; latency p50 %d ms, "
				+ "p99 %d ms, max %d ms; %d upstream calls, peak upstream concurrency %d (limit %d), %d refused; "
				+ "%d health probes, p50 %d ms, p99 %d ms, max %d ms%n", CLIENTS, replies.size(), elapsed.toMillis(),
				replies.size() * 1000.0 / elapsed.toMillis(), failed.size(), percentile(latencies, 50),
				percentile(latencies, 99), latencies.getLast(),
				upstream.rerankRequests().size() + upstream.chatRequests().size(), upstream.maxInFlight(),
				UPSTREAM_LIMIT, limit.refused(), probes.size(), percentile(probeLatencies, 50),
				percentile(probeLatencies, 99), probeLatencies.isEmpty() ? 0 : probeLatencies.getLast());
	}

	private static long percentile(List<Long> sorted, int percent) {
		if (sorted.isEmpty()) {
			return 0;
		}
		int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.clamp(index, 0, sorted.size() - 1));
	}

}
