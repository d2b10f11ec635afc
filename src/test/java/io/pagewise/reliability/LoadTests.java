package io.pagewise.reliability;

import java.io.IOException;
import java.net.http.HttpHeaders;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.pagewise.TestPdfs;
import io.pagewise.upstream.VultrStub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bounded loopback load test at default settings: 24 concurrent clients (virtual threads) ask questions about 6
 * documents while the upstream accepts 6 calls at once and answers 429 beyond. The service does not know that
 * limit: its adaptive limit learns it from the 429s, and calls beyond it wait. Every question must succeed and
 * cite the right page, and the health probes must keep answering. An upstream over its quota for a while (429 with
 * a long {@code Retry-After}) is waited out. Throughput, latency, 429s and the final limit are printed, not
 * asserted.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
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

	@Autowired
	private MeterRegistry meters;

	@Test
	void atDefaultSettingsEveryQuestionSucceedsAgainstAnUpstreamTakingSixCallsAndHealthKeepsAnswering()
			throws Exception {
		ServiceClient client = new ServiceClient(this.port, null, Duration.ofSeconds(150));
		ServiceClient probeClient = new ServiceClient(this.port, null, PROBE_BOUND);
		Documents documents = Documents.upload(List.of(client), DOCUMENTS);
		upstream.latency(Duration.ofMillis(40), Duration.ofMillis(2));
		int refusedBefore = limit.refused();

		ConcurrentLinkedQueue<Reply> probes = new ConcurrentLinkedQueue<>();
		ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().factory());
		prober.scheduleWithFixedDelay(() -> probe(probeClient, probes), 0, 50, TimeUnit.MILLISECONDS);
		QuestionLoad.Result load;
		try {
			load = QuestionLoad.run(CLIENTS, QUESTIONS_PER_CLIENT,
					(number, question) -> client.ask(documents.id(number), question(number, question)));
		}
		finally {
			prober.shutdown();
			assertThat(prober.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
		}

		System.out.print(load.summary("Load, one replica", limit.refused() - refusedBefore, adaptiveLimit()));
		System.out.printf("%d health probes, p50 %d ms, max %d ms%n", probes.size(),
				new QuestionLoad.Result(List.copyOf(probes), Duration.ZERO).percentileMillis(50),
				new QuestionLoad.Result(List.copyOf(probes), Duration.ZERO).percentileMillis(100));
		assertThat(load.failed()).as("failed questions").isEmpty();
		documents.assertCitations(load, QUESTIONS_PER_CLIENT);
		assertThat(limit.inFlight()).as("every admitted call was answered").isZero();
		assertThat(probes).as("health probes during the load").isNotEmpty()
			.allSatisfy((probe) -> assertThat(probe.status()).as(probe.toString()).isEqualTo(200));
	}

	@Test
	void questionsWaitOutAnUpstreamOverItsQuotaAndSucceed() throws Exception {
		ServiceClient client = new ServiceClient(this.port, null, Duration.ofSeconds(150));
		Documents documents = Documents.upload(List.of(client), 2);
		limit.rateLimitEverything(Duration.ofSeconds(10), 20);

		QuestionLoad.Result load = QuestionLoad.run(4, 1,
				(number, question) -> client.ask(documents.id(number), "Over quota, client " + number + "?"));

		System.out.print(load.summary("Retry-After: 20 for 10 s", limit.refusedForQuota(), adaptiveLimit()));
		assertThat(limit.refusedForQuota()).as("the upstream refused them at first").isPositive();
		assertThat(load.failed()).as("failed questions").isEmpty();
		documents.assertCitations(load, 1);
	}

	static String question(int client, int question) {
		return "Client " + client + ", question " + question + ": which page is dark?";
	}

	private double adaptiveLimit() {
		return this.meters.get("pagewise.inference.limit").gauge().value();
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

	/**
	 * Test documents of different lengths (8 to 38 pages), each with its dark page elsewhere, uploaded to every
	 * replica; client {@code n} asks about document {@code n % count}.
	 */
	record Documents(List<String> ids, List<Integer> darkPages) {

		static Documents upload(List<ServiceClient> replicas, int count) throws Exception {
			List<String> ids = new ArrayList<>();
			List<Integer> darkPages = new ArrayList<>();
			for (int doc = 0; doc < count; doc++) {
				int pages = 8 + doc * 6;
				int dark = 1 + (doc * 7) % pages;
				byte[] pdf = TestPdfs.letter(pages, "load " + doc + " " + System.nanoTime(), dark);
				String id = null;
				for (ServiceClient replica : replicas) {
					Reply upload = replica.upload(pdf);
					assertThat(upload.status()).as(upload.toString()).isIn(200, 201);
					id = upload.json().get("id").asString();
				}
				ids.add(id);
				darkPages.add(dark);
			}
			return new Documents(ids, darkPages);
		}

		String id(int client) {
			return this.ids.get(client % this.ids.size());
		}

		/** Each answer cites its document's dark page first. */
		void assertCitations(QuestionLoad.Result load, int questionsPerClient) {
			for (int i = 0; i < load.replies().size(); i++) {
				int doc = (i / questionsPerClient) % this.ids.size();
				assertThat(load.replies().get(i).json().get("citations").get(0).get("page").asInt())
					.isEqualTo(this.darkPages.get(doc));
			}
		}

	}

}
