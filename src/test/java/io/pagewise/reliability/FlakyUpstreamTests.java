package io.pagewise.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.pagewise.TestPdfs;
import io.pagewise.upstream.VultrStub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Questions through the whole service while the upstream fails about a third of its calls (5xx, 429 with
 * Retry-After, resets, broken bodies): every question still gets the right answer, because every fault is
 * retried away. With {@code pagewise.inference.max-retries=0} this test fails.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pagewise.rerank.max-pages-per-batch=3", "pagewise.inference.min-backoff=10ms",
				"pagewise.inference.max-backoff=200ms", "pagewise.inference.attempt-timeout=15s",
				"pagewise.inference.deadline=60s" })
@DirtiesContext
class FlakyUpstreamTests {

	private static final FlakyUpstream faults = new FlakyUpstream(20_250_611L);

	@RegisterExtension
	static final VultrStub upstream = VultrStub.startWith(faults);

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
	void everyQuestionGetsTheRightAnswerThoughAThirdOfUpstreamCallsFail() throws Exception {
		ServiceClient client = new ServiceClient(this.port, null, Duration.ofSeconds(90));
		upstream.answer("The dark page holds the answer.");
		List<Question> questions = new ArrayList<>();
		for (int doc = 0; doc < 6; doc++) {
			int pages = 6 + doc;
			int dark = 1 + (doc * 5) % pages;
			Reply upload = client.upload(TestPdfs.letter(pages, "flaky " + doc, dark));
			assertThat(upload.status()).as(upload.toString()).isIn(200, 201);
			String id = upload.json().get("id").asString();
			for (int q = 0; q < 4; q++) {
				questions.add(new Question(id, "Question " + q + " about document " + doc + "?", dark, q == 3));
			}
		}

		faults.failCalls();
		List<Reply> replies;
		try {
			replies = askConcurrently(client, questions, 4);
		}
		finally {
			faults.heal();
		}
		Map<FlakyUpstream.Kind, Integer> injected = faults.injected();
		int upstreamCalls = upstream.rerankRequests().size() + upstream.chatRequests().size();

		List<Reply> problems = replies.stream().filter((reply) -> reply.status() != 200).toList();
		System.out.printf("%nFlaky upstream: %d questions (%d streamed), %d upstream calls, %d faults injected %s, "
				+ "%d recovered by retries, %d surfaced as problems%n", questions.size(),
				questions.stream().filter(Question::streamed).count(), upstreamCalls, faults.totalInjected(), injected,
				problems.isEmpty() ? faults.totalInjected() : 0, problems.size());
		assertThat(problems).as("problems").isEmpty();
		for (int i = 0; i < questions.size(); i++) {
			assertThat(citedPage(questions.get(i), replies.get(i))).as(questions.get(i).text())
				.isEqualTo(questions.get(i).darkPage());
		}
		assertThat(injected).as("every kind of fault happened").containsOnlyKeys(FlakyUpstream.Kind.values());
		assertThat(faults.totalInjected()).as("faults injected").isGreaterThanOrEqualTo(upstreamCalls / 5);
	}

	private static List<Reply> askConcurrently(ServiceClient client, List<Question> questions, int clients)
			throws Exception {
		try (ExecutorService pool = Executors.newFixedThreadPool(clients, Thread.ofVirtual().factory())) {
			List<Future<Reply>> futures = new ArrayList<>();
			for (Question question : questions) {
				futures.add(pool.submit(() -> question.streamed() ? client.askStreamed(question.id(), question.text())
						: client.ask(question.id(), question.text())));
			}
			List<Reply> replies = new ArrayList<>();
			for (Future<Reply> future : futures) {
				replies.add(future.get());
			}
			return replies;
		}
	}

	/** The page the answer cites, from a JSON answer or the {@code done} event of a stream (-1 if none). */
	private static int citedPage(Question question, Reply reply) {
		JsonNode answer = question.streamed() ? reply.events("done").stream().findFirst().orElse(null) : reply.json();
		if (answer == null || !reply.events("error").isEmpty()) {
			return -1;
		}
		assertThat(answer.get("answer").asString()).isEqualTo("The dark page holds the answer.");
		assertThat(answer.get("ranking").get(0).get("page").asInt()).isEqualTo(question.darkPage());
		return answer.get("citations").get(0).get("page").asInt();
	}

	private record Question(String id, String text, int darkPage, boolean streamed) {
	}

}
