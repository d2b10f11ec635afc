package io.pagewise.rerank;

import java.time.Duration;
import java.util.List;

import io.pagewise.page.PageImage;
import io.pagewise.upstream.StubbedInference;
import io.pagewise.upstream.TestPages;
import io.pagewise.upstream.VultrStub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;

/**
 * A measurement, not a test (its name keeps it out of {@code mvn verify}): how many calls and how long ranking
 * takes with a stub that answers in 300 ms + 25 ms per image. Run it with
 * {@code ./mvnw -o test -Dtest=RerankLatencyMeasurement}.
 */
class RerankLatencyMeasurement {

	@RegisterExtension
	static final VultrStub upstream = VultrStub.start();

	@Test
	void measure() {
		System.out.println("pages  per-request  global-cap  calls  max-in-flight  request-MB  elapsed-ms");
		for (int concurrency : new int[] { 4, 8 }) {
			for (int pages : new int[] { 60, 200 }) {
				measure(pages, concurrency, 8, Duration.ofMillis(300), Duration.ofMillis(25));
			}
		}
		System.out.println("for reference, without simulated latency (our own and the stub's CPU on this machine):");
		for (int pages : new int[] { 60, 200 }) {
			measure(pages, 4, 8, Duration.ZERO, Duration.ZERO);
		}
	}

	private void measure(int pageCount, int concurrency, int globalCap, Duration fixed, Duration perImage) {
		List<PageImage> pages = TestPages.document(pageCount, pageCount - 3);
		StubbedInference.runner(upstream)
			.withUserConfiguration(RerankerTests.RerankConfiguration.class)
			.withPropertyValues("pagewise.rerank.concurrency=" + concurrency,
					"pagewise.inference.max-concurrent-calls=" + globalCap)
			.run((context) -> {
				Reranker reranker = context.getBean(Reranker.class);
				reranker.rank("warm-up", null, Flux.fromIterable(pages.subList(0, 3))).block();
				upstream.reset();
				upstream.latency(fixed, perImage);
				Ranking ranking = reranker.rank("Which page is dark?", null, Flux.fromIterable(pages))
					.block(Duration.ofMinutes(5));
				long bytes = upstream.rerankRequests().stream().mapToLong((request) -> request.getBody().length).sum();
				System.out.printf("%5d  %11d  %10d  %5d  %13d  %10.1f  %10d   (winner: page %d)%n", pageCount,
						concurrency, globalCap, ranking.upstreamCalls(), upstream.maxInFlight(), bytes / 1e6,
						ranking.elapsed().toMillis(), ranking.pages().get(0).page());
			});
	}

}
