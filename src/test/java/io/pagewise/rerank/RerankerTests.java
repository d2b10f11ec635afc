package io.pagewise.rerank;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pagewise.PagewiseException;
import io.pagewise.inference.InferenceClient;
import io.pagewise.inference.InferenceProperties;
import io.pagewise.page.PageImage;
import io.pagewise.rerank.client.RerankClient;
import io.pagewise.upstream.StubbedInference;
import io.pagewise.upstream.TestPages;
import io.pagewise.upstream.VultrStub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Ranking against the faithful stub: batching, concurrency, merging, models, metrics. */
class RerankerTests {

	@RegisterExtension
	static final VultrStub upstream = VultrStub.start();

	static final String FLASH = "vultr/VultronRetrieverFlash-Qwen3.5-0.8B";

	private final ApplicationContextRunner runner = StubbedInference.runner(upstream)
		.withUserConfiguration(RerankConfiguration.class);

	@Test
	void theDarkPageWinsWhenItSitsInALaterBatchOfSeveralConcurrentBatches() {
		this.runner.run((context) -> {
			Ranking ranking = rank(context, TestPages.document(40, 37));
			assertThat(ranking.pages()).hasSize(40);
			assertThat(ranking.pages().get(0).page()).isEqualTo(37);
			assertThat(ranking.pages()).extracting(RankedPage::page)
				.containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 40).boxed().toList());
			assertThat(ranking.pages().get(0).score()).isGreaterThan(ranking.pages().get(1).score() + 1.0);
			assertThat(upstream.rerankRequests()).hasSizeGreaterThan(4);
			assertThat(ranking.upstreamCalls()).isEqualTo(upstream.rerankRequests().size());
			assertThat(ranking.tokens()).isPositive();
			assertThat(ranking.model()).isEqualTo(FLASH);
		});
	}

	@Test
	void noRequestEverReachesTheUpstreamLimitAndEveryImageIsAContentPartsObject() {
		this.runner.run((context) -> {
			rank(context, TestPages.document(60, 1));
			List<LoggedRequest> requests = upstream.rerankRequests();
			assertThat(requests).isNotEmpty();
			int documents = 0;
			for (LoggedRequest request : requests) {
				assertThat(request.getBody().length).isLessThan(950_000).isLessThan(1_000_000);
				JsonNode body = JsonMapper.shared().readTree(request.getBody());
				assertThat(body.path("top_n").intValue()).isEqualTo(body.path("documents").size());
				for (JsonNode document : body.path("documents")) {
					assertThat(document.path("content").path(0).path("type").asString()).isEqualTo("image_url");
					documents++;
				}
			}
			assertThat(documents).isEqualTo(60);
		});
	}

	@Test
	void aBatchGoesOutAsSoonAsItIsCompleteWhilePagesAreStillArriving() {
		this.runner.withPropertyValues("pagewise.rerank.max-pages-per-batch=3").run((context) -> {
			Sinks.Many<PageImage> rendering = Sinks.many().unicast().onBackpressureBuffer();
			Mono<Ranking> ranking = reranker(context).rank("Which page is dark?", null, rendering.asFlux()).cache();
			ranking.subscribe();
			TestPages.document(3, 2).forEach(rendering::tryEmitNext);
			await().atMost(Duration.ofSeconds(10)).until(() -> upstream.rerankRequests().size() == 1);
			rendering.tryEmitNext(TestPages.page(4, TestPages.LIGHT));
			rendering.tryEmitNext(TestPages.page(5, TestPages.LIGHT));
			rendering.tryEmitComplete();
			StepVerifier.create(ranking).assertNext((result) -> {
				assertThat(result.pages()).hasSize(5);
				assertThat(result.pages().get(0).page()).isEqualTo(2);
				assertThat(result.upstreamCalls()).isEqualTo(2);
			}).verifyComplete();
		});
	}

	@Test
	void aDocumentOfKnownLengthIsSplitSoTheFreeCallsShareItsPages() {
		this.runner.withPropertyValues("pagewise.rerank.concurrency=12").run((context) -> {
			List<PageImage> pages = smallDocument(60, 37);
			Ranking ranking = reranker(context)
				.rank("Which page is dark?", null, Flux.fromIterable(pages), () -> 60, RankProgress.NONE)
				.block(Duration.ofSeconds(60));
			assertThat(ranking.pages().get(0).page()).isEqualTo(37);
			List<Integer> batchSizes = upstream.rerankRequests()
				.stream()
				.map((request) -> JsonMapper.shared().readTree(request.getBody()).path("documents").size())
				.toList();
			assertThat(batchSizes).as("12 free calls, 5 pages each").containsExactly(5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5);
		});
	}

	@Test
	void aShortDocumentOfKnownLengthStaysOneBatch() {
		this.runner.run((context) -> {
			reranker(context).rank("q", null, Flux.fromIterable(smallDocument(3, 2)), () -> 3, RankProgress.NONE)
				.block(Duration.ofSeconds(60));
			assertThat(upstream.rerankRequests()).as("no batch below min-pages-per-split").hasSize(1);
		});
	}

	@Test
	void concurrentRankingsTogetherNeverExceedTheGlobalCapAtTheUpstream() {
		upstream.latency(Duration.ofMillis(100), Duration.ZERO);
		this.runner
			.withPropertyValues("pagewise.inference.max-concurrent-calls=3", "pagewise.rerank.concurrency=4",
					"pagewise.rerank.max-pages-per-batch=2")
			.run((context) -> {
				Reranker reranker = reranker(context);
				List<Mono<Ranking>> rankings = IntStream.rangeClosed(1, 5)
					.mapToObj((i) -> reranker.rank("q" + i, null, Flux.fromIterable(smallDocument(12, i))))
					.toList();
				StepVerifier.create(Flux.merge(rankings).collectList())
					.assertNext((all) -> assertThat(all).allSatisfy((one) -> assertThat(one.pages()).hasSize(12)))
					.verifyComplete();
				assertThat(upstream.rerankRequests()).hasSize(5 * 6);
				// At most the cap; more than one shows the test did run calls concurrently.
				assertThat(upstream.maxInFlight()).isBetween(2, 3);
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "vultr/VultronRetrieverFlash-Qwen3.5-0.8B", "vultr/VultronRetrieverCore-Qwen3.5-4.5B",
			"vultr/VultronRetrieverPrime-Qwen3.5-8B" })
	void eachOfTheThreeTiersCanBeChosen(String model) {
		this.runner.run((context) -> {
			StepVerifier.create(reranker(context).rank("q", model, Flux.fromIterable(smallDocument(3, 2))))
				.assertNext((ranking) -> assertThat(ranking.model()).isEqualTo(model))
				.verifyComplete();
			JsonNode sent = JsonMapper.shared().readTree(upstream.rerankRequests().get(0).getBody());
			assertThat(sent.path("model").asString()).isEqualTo(model);
		});
	}

	@Test
	void aModelOutsideTheAllowedTiersIsRejectedWithoutCallingTheUpstream() {
		this.runner.run((context) -> {
			Flux<PageImage> pages = Flux.fromIterable(smallDocument(3, 2));
			StepVerifier.create(reranker(context).rank("q", "vultr/SomethingElse", pages))
				.expectErrorSatisfies((ex) -> {
					assertThat(((PagewiseException) ex).code()).isEqualTo("unknown-model");
					assertThat(((PagewiseException) ex).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
				})
				.verify(Duration.ofSeconds(5));
			assertThat(upstream.rerankRequests()).isEmpty();
		});
	}

	@Test
	void withoutAKeyNothingIsRenderedNorSent() {
		this.runner.withPropertyValues("pagewise.inference.api-key=").run((context) -> {
			AtomicInteger subscribed = new AtomicInteger();
			Flux<PageImage> pages = Flux.defer(() -> {
				subscribed.incrementAndGet();
				return Flux.fromIterable(smallDocument(3, 2));
			});
			StepVerifier.create(reranker(context).rank("q", null, pages))
				.expectErrorSatisfies(
						(ex) -> assertThat(((PagewiseException) ex).code()).isEqualTo("upstream-not-configured"))
				.verify(Duration.ofSeconds(5));
			assertThat(subscribed).hasValue(0);
			assertThat(upstream.rerankRequests()).isEmpty();
		});
	}

	@Test
	void aPageTooLargeForTheBudgetIsRefusedWithoutCallingTheUpstream() {
		this.runner.withPropertyValues("pagewise.rerank.max-request-bytes=100KB").run((context) -> {
			StepVerifier.create(reranker(context).rank("q", null, Flux.fromIterable(TestPages.document(2, 1))))
				.expectErrorSatisfies((ex) -> {
					assertThat(((PagewiseException) ex).code()).isEqualTo("page-too-large");
					assertThat(((PagewiseException) ex).getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
				})
				.verify(Duration.ofSeconds(5));
			assertThat(upstream.rerankRequests()).isEmpty();
		});
	}

	@Test
	void noPagesMakeAnEmptyRankingWithoutCalls() {
		this.runner.run((context) -> {
			StepVerifier.create(reranker(context).rank("q", null, Flux.empty()))
				.assertNext((ranking) -> {
					assertThat(ranking.pages()).isEmpty();
					assertThat(ranking.upstreamCalls()).isZero();
				})
				.verifyComplete();
			assertThat(upstream.rerankRequests()).isEmpty();
		});
	}

	@Test
	void callsAndRequestBytesAreMeasuredPerModel() {
		this.runner.withPropertyValues("pagewise.rerank.max-pages-per-batch=3").run((context) -> {
			rank(context, smallDocument(7, 4));
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("pagewise.rerank.call").tag("model", FLASH).tag("outcome", "success").timer())
				.extracting(Timer::count)
				.isEqualTo(3L);
			long sent = upstream.rerankRequests().stream().mapToLong((request) -> request.getBody().length).sum();
			assertThat(registry.get("pagewise.rerank.request.bytes").tag("model", FLASH).counter().count())
				.isEqualTo((double) sent);
		});
	}

	static Ranking rank(AssertableApplicationContext context, List<PageImage> pages) {
		Ranking ranking = reranker(context).rank("Which page is dark?", null, Flux.fromIterable(pages))
			.block(Duration.ofSeconds(60));
		assertThat(ranking).isNotNull();
		return ranking;
	}

	static Reranker reranker(AssertableApplicationContext context) {
		return context.getBean(Reranker.class);
	}

	/** Small pages (200×260) for tests about counting rather than payload size; {@code answer} is dark. */
	static List<PageImage> smallDocument(int count, int answer) {
		return IntStream.rangeClosed(1, count)
			.mapToObj((n) -> new PageImage(n, 200, 260,
					TestPages.jpeg(200, 260, (n == answer) ? TestPages.DARK : TestPages.LIGHT, 30)))
			.toList();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ InferenceProperties.class, RerankProperties.class })
	@Import({ InferenceClient.class, RerankClient.class, Reranker.class })
	static class RerankConfiguration {

	}

}
