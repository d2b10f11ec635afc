package io.pagewise.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.pagewise.scale.PagewiseInstance;
import io.pagewise.upstream.VultrStub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load of {@link LoadTests} spread over two replicas at default settings that share one upstream taking 6 calls
 * at once: neither knows what the other sends, each learns its share from the 429s it meets, and every question
 * must still succeed. Figures are printed, not asserted.
 */
class SharedUpstreamLoadTests {

	private static final int CLIENTS = 24;

	private static final int QUESTIONS_PER_CLIENT = 3;

	private static final ConcurrencyLimit limit = new ConcurrencyLimit(LoadTests.UPSTREAM_LIMIT);

	@RegisterExtension
	static final VultrStub upstream = VultrStub.startWith(limit);

	@TempDir
	static Path storage;

	private static PagewiseInstance a;

	private static PagewiseInstance b;

	@BeforeAll
	static void startReplicas() {
		a = PagewiseInstance.start(replica("a"));
		b = PagewiseInstance.start(replica("b"));
	}

	@AfterAll
	static void stopReplicas() {
		for (PagewiseInstance replica : new PagewiseInstance[] { a, b }) {
			if (replica != null) {
				replica.close();
			}
		}
	}

	private static List<String> replica(String name) {
		return List.of("pagewise.storage.dir=" + storage.resolve(name), "pagewise.inference.base-url=" + upstream.baseUrl(),
				"pagewise.inference.api-key=" + upstream.apiKey());
	}

	@Test
	void twoReplicasSharingAnUpstreamThatTakesSixCallsAnswerEveryQuestion() throws Exception {
		List<ServiceClient> replicas = List.of(client(a), client(b));
		LoadTests.Documents documents = LoadTests.Documents.upload(replicas, 6);
		upstream.latency(Duration.ofMillis(40), Duration.ofMillis(2));

		QuestionLoad.Result load = QuestionLoad.run(CLIENTS, QUESTIONS_PER_CLIENT, (number, question) -> replicas
			.get(number % 2)
			.ask(documents.id(number), LoadTests.question(number, question)));

		System.out.print(load.summary("Load, two replicas", limit.refused(), limit(a) + " and " + limit(b)));
		assertThat(load.failed()).as("failed questions").isEmpty();
		documents.assertCitations(load, QUESTIONS_PER_CLIENT);
		assertThat(limit.inFlight()).as("every admitted call was answered").isZero();
	}

	private static ServiceClient client(PagewiseInstance replica) {
		int port = replica.context().getEnvironment().getRequiredProperty("local.server.port", Integer.class);
		return new ServiceClient(port, null, Duration.ofSeconds(150));
	}

	private static String limit(PagewiseInstance replica) {
		return String.valueOf(
				(int) replica.context().getBean(MeterRegistry.class).get("pagewise.inference.limit").gauge().value());
	}

}
