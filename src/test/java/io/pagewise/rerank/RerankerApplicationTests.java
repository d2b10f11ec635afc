package io.pagewise.rerank;

import java.nio.file.Path;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pagewise.upstream.TestPages;
import io.pagewise.upstream.VultrStub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole application wired as in production: Boot's managed WebClient, its metrics, our configuration. */
@SpringBootTest
class RerankerApplicationTests {

	@RegisterExtension
	static final VultrStub upstream = VultrStub.start();

	@TempDir
	static Path storage;

	@Autowired
	private Reranker reranker;

	@Autowired
	private MeterRegistry registry;

	@DynamicPropertySource
	static void upstream(DynamicPropertyRegistry registry) {
		registry.add("pagewise.inference.base-url", () -> upstream.baseUrl() + "/v1");
		registry.add("pagewise.inference.api-key", upstream::apiKey);
		registry.add("pagewise.storage.dir", storage::toString);
	}

	@Test
	void rankingGoesThroughBootsManagedWebClientAndIsMeasured() {
		Ranking ranking = this.reranker.rank("Which page is dark?", null, Flux.fromIterable(TestPages.document(8, 6)))
			.block(Duration.ofSeconds(30));
		assertThat(ranking).isNotNull();
		assertThat(ranking.pages().get(0).page()).isEqualTo(6);
		assertThat(this.registry.get("http.client.requests").tag("uri", "/v1/rerank").tag("status", "200").timer())
			.extracting(Timer::count)
			.isEqualTo((long) upstream.rerankRequests().size());
		assertThat(this.registry.get("pagewise.rerank.call").tag("outcome", "success").timer().count())
			.isEqualTo(upstream.rerankRequests().size());
	}

}
