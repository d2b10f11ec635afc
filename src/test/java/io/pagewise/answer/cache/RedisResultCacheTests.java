package io.pagewise.answer.cache;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import io.lettuce.core.RedisURI;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pagewise.answer.Answer;
import io.pagewise.document.DocumentId;
import io.pagewise.rerank.RankedPage;
import io.pagewise.rerank.Ranking;
import io.pagewise.scale.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * The Redis results cache against a real Redis ({@link TestRedis}); two caches over the same server stand for two
 * replicas.
 */
class RedisResultCacheTests {

	private static final ResultCache.Bounds BOUNDS = new ResultCache.Bounds(100, Duration.ofHours(1));

	private static final DocumentId DOCUMENT = DocumentId.of("a".repeat(64));

	private final String prefix = "pagewise-test-" + UUID.randomUUID() + ":";

	private final LettuceConnectionFactory connections = connect(TestRedis.sharedUrl());

	private final StringRedisTemplate redis = template(this.connections);

	private final JsonMapper json = JsonMapper.builder().build();

	@AfterEach
	void disconnect() {
		this.connections.destroy();
	}

	@Test
	void aComputedResultIsStoredAndServedToTheNextLookupAsCached() {
		RedisResultCache<Key, Ranking> replica = rankings(settings());
		Counting compute = new Counting(ranking(3));
		Lookup<Ranking> first = replica.lookup(key(DOCUMENT, "q"), compute).block();
		Lookup<Ranking> second = replica.lookup(key(DOCUMENT, "q"), compute).block();
		assertThat(first.cached()).isFalse();
		assertThat(second.cached()).isTrue();
		assertThat(second.value()).isEqualTo(ranking(3));
		assertThat(compute.calls).hasValue(1);
	}

	@Test
	void anotherReplicaWaitsForTheResultInsteadOfComputingItToo() throws Exception {
		RedisResultCache<Key, Ranking> a = rankings(settings());
		RedisResultCache<Key, Ranking> b = rankings(settings());
		CompletableFuture<Ranking> slow = new CompletableFuture<>();
		CompletableFuture<Lookup<Ranking>> onA = a.lookup(key(DOCUMENT, "q"), () -> Mono.fromFuture(slow))
			.toFuture();
		await().atMost(Duration.ofSeconds(5)).until(() -> !keys("*lock*").isEmpty());
		Counting computeOnB = new Counting(ranking(1));
		CompletableFuture<Lookup<Ranking>> onB = b.lookup(key(DOCUMENT, "q"), computeOnB).toFuture();
		slow.complete(ranking(3));
		assertThat(onA.get(10, TimeUnit.SECONDS).cached()).isFalse();
		assertThat(onB.get(10, TimeUnit.SECONDS)).isEqualTo(new Lookup<>(ranking(3), true));
		assertThat(computeOnB.calls).hasValue(0);
		assertThat(keys("*lock*")).as("the lock is released").isEmpty();
	}

	@Test
	void aWaiterComputesItselfWhenTheOtherReplicaTakesLongerThanTheLockWait() throws Exception {
		CacheProperties impatient = settings(DataSize.ofKilobytes(256), Duration.ofMillis(300));
		CompletableFuture<Ranking> stuck = new CompletableFuture<>();
		CompletableFuture<Lookup<Ranking>> holder = rankings(impatient)
			.lookup(key(DOCUMENT, "q"), () -> Mono.fromFuture(stuck))
			.toFuture();
		await().atMost(Duration.ofSeconds(5)).until(() -> !keys("*lock*").isEmpty());
		Counting compute = new Counting(ranking(2));
		Lookup<Ranking> lookup = rankings(impatient).lookup(key(DOCUMENT, "q"), compute).block();
		assertThat(lookup).isEqualTo(new Lookup<>(ranking(2), false));
		assertThat(compute.calls).hasValue(1);
		stuck.complete(ranking(3));
		assertThat(holder.get(10, TimeUnit.SECONDS).cached()).isFalse();
	}

	@Test
	void aFailedComputationIsNotCachedAndReleasesItsLock() {
		RedisResultCache<Key, Ranking> replica = rankings(settings());
		assertThatException().isThrownBy(() -> replica
			.lookup(key(DOCUMENT, "q"), () -> Mono.error(new IllegalStateException("upstream down")))
			.block());
		assertThat(keys("*")).isEmpty();
		Counting compute = new Counting(ranking(1));
		assertThat(replica.lookup(key(DOCUMENT, "q"), compute).block().cached()).isFalse();
		assertThat(compute.calls).hasValue(1);
	}

	@Test
	void resultsLargerThanTheBoundAreComputedButNotStored() {
		RedisResultCache<Key, Ranking> replica = rankings(settings(DataSize.ofBytes(300), Duration.ofSeconds(30)));
		Counting large = new Counting(ranking(50));
		replica.lookup(key(DOCUMENT, "large"), large).block();
		assertThat(replica.lookup(key(DOCUMENT, "large"), large).block().cached()).isFalse();
		assertThat(large.calls).hasValue(2);
		Counting small = new Counting(ranking(1));
		replica.lookup(key(DOCUMENT, "small"), small).block();
		assertThat(replica.lookup(key(DOCUMENT, "small"), small).block().cached()).isTrue();
	}

	@Test
	void entriesExpireAfterTheConfiguredTtl() {
		rankings(settings()).lookup(key(DOCUMENT, "q"), new Counting(ranking(1))).block();
		assertThat(keys("*")).hasSize(2).allSatisfy((key) -> assertThat(this.redis.getExpire(key, TimeUnit.MILLISECONDS))
			.isPositive()
			.isLessThanOrEqualTo(Duration.ofHours(1).toMillis()));
	}

	@Test
	void evictionDropsEveryResultOfTheDocumentForEveryReplicaAndNoOther() {
		DocumentId other = DocumentId.of("b".repeat(64));
		RedisResultCache<Key, Ranking> a = rankings(settings());
		a.lookup(key(DOCUMENT, "q1"), new Counting(ranking(1))).block();
		a.lookup(key(DOCUMENT, "q2"), new Counting(ranking(1))).block();
		a.lookup(key(other, "q1"), new Counting(ranking(1))).block();
		rankings(settings()).evict(DOCUMENT);
		assertThat(keys("{" + DOCUMENT.value() + "}*")).isEmpty();
		assertThat(a.lookup(key(DOCUMENT, "q1"), new Counting(ranking(1))).block().cached()).isFalse();
		assertThat(a.lookup(key(other, "q1"), new Counting(ranking(1))).block().cached()).isTrue();
	}

	@Test
	void aComputationStillRunningWhenTheDocumentIsDeletedOnAnotherReplicaStoresNothing() throws Exception {
		RedisResultCache<Key, Ranking> a = rankings(settings());
		CompletableFuture<Ranking> slow = new CompletableFuture<>();
		CompletableFuture<Lookup<Ranking>> onA = a.lookup(key(DOCUMENT, "q"), () -> Mono.fromFuture(slow)).toFuture();
		await().atMost(Duration.ofSeconds(5)).until(() -> !keys("{" + DOCUMENT.value() + "}:lock:*").isEmpty());

		rankings(settings()).evict(DOCUMENT);
		slow.complete(ranking(2));

		assertThat(onA.get(10, TimeUnit.SECONDS).value()).isEqualTo(ranking(2));
		assertThat(keys("{" + DOCUMENT.value() + "}:rankings:*")).isEmpty();
		Counting again = new Counting(ranking(3));
		assertThat(rankings(settings()).lookup(key(DOCUMENT, "q"), again).block().value()).isEqualTo(ranking(3));
		assertThat(again.calls).as("computed anew, then cached again").hasValue(1);
		assertThat(keys("{" + DOCUMENT.value() + "}:rankings:*")).hasSize(1);
	}

	@Test
	void aStreamedAnswerFinishedAfterItsDocumentWasDeletedIsNotStored() {
		RedisResultCache<Key, Answer> a = answers();
		Key key = key(DOCUMENT, "streamed");
		ResultCache.Generation before = a.generation(DOCUMENT);
		answers().evict(DOCUMENT);
		a.put(key, answer(), before);
		a.put(key(DOCUMENT, "asked after the delete"), answer(), a.generation(DOCUMENT));
		await().atMost(Duration.ofSeconds(5)).until(() -> !keys("{" + DOCUMENT.value() + "}:answers:*").isEmpty());
		assertThat(a.existing(key)).isEmpty();
		assertThat(keys("{" + DOCUMENT.value() + "}:answers:*")).hasSize(1);
	}

	@Test
	void anAnswerPutByOneReplicaIsFoundByAnotherExactlyAsStored() {
		RedisResultCache<Key, Answer> a = answers();
		RedisResultCache<Key, Answer> b = answers();
		Key key = key(DOCUMENT, "rerank chat q 2 v1");
		Answer answer = new Answer(DOCUMENT.value(), "Q?", "An answer.",
				List.of(new Answer.Citation(2, 4.5, "/api/v1/documents/" + DOCUMENT + "/pages/2")),
				List.of(new Answer.Scored(2, 4.5), new Answer.Scored(1, 1.25)), "rerank", "chat", false,
				new Answer.Usage(10, 20, 30), new Answer.Timings(1, 2, 3, 6));
		assertThat(b.existing(key)).isEmpty();
		a.put(key, answer, a.generation(DOCUMENT));
		await().atMost(Duration.ofSeconds(5)).until(() -> b.existing(key).isPresent());
		assertThat(b.existing(key).orElseThrow().block()).isEqualTo(answer);
	}

	@Test
	void withRedisUnreachableEveryLookupComputesAndNothingFails() {
		LettuceConnectionFactory nowhere = connect("redis://127.0.0.1:1");
		try {
			RedisResultCache<Key, Ranking> replica = new RedisResultCache<>("rankings", Ranking.class,
					results(template(nowhere), settings()), this.json, settings(), BOUNDS);
			Counting compute = new Counting(ranking(1));
			assertThat(replica.lookup(key(DOCUMENT, "q"), compute).block().cached()).isFalse();
			assertThat(replica.lookup(key(DOCUMENT, "q"), compute).block().cached()).isFalse();
			assertThat(compute.calls).hasValue(2);
			assertThat(replica.existing(key(DOCUMENT, "q"))).isEmpty();
			replica.evict(DOCUMENT);
		}
		finally {
			nowhere.destroy();
		}
	}

	@Test
	void keyDigestsTellPartsApart() {
		assertThat(ResultKey.digest("a\0", "b")).isNotEqualTo(ResultKey.digest("a", "\0b"));
		assertThat(key(DOCUMENT, "q").digest()).isEqualTo(key(DOCUMENT, "q").digest())
			.isNotEqualTo(key(DOCUMENT, "Q").digest())
			.hasSize(32);
	}

	private RedisResultCache<Key, Ranking> rankings(CacheProperties settings) {
		return new RedisResultCache<>("rankings", Ranking.class, results(this.redis, settings), this.json, settings, BOUNDS);
	}

	private RedisResultCache<Key, Answer> answers() {
		return new RedisResultCache<>("answers", Answer.class, results(this.redis, settings()), this.json, settings(), BOUNDS);
	}

	private RedisResults results(StringRedisTemplate template, CacheProperties settings) {
		return new RedisResults(template, settings, new SimpleMeterRegistry());
	}

	private CacheProperties settings() {
		return settings(DataSize.ofKilobytes(256), Duration.ofSeconds(30));
	}

	private CacheProperties settings(DataSize maxValueSize, Duration lockWait) {
		return new CacheProperties(CacheProperties.Type.REDIS, new CacheProperties.Redis(this.prefix, maxValueSize,
				Duration.ofSeconds(60), lockWait, Duration.ofMillis(20), Duration.ofSeconds(10)));
	}

	private Set<String> keys(String pattern) {
		return this.redis.keys(this.prefix + pattern);
	}

	private static Answer answer() {
		return new Answer(DOCUMENT.value(), "Q?", "An answer.", List.of(), List.of(new Answer.Scored(1, 1.0)),
				"rerank", "chat", false, new Answer.Usage(1, 2, 3), new Answer.Timings(1, 2, 3, 6));
	}

	private static Key key(DocumentId document, String query) {
		return new Key(document, query);
	}

	private static Ranking ranking(int pages) {
		return new Ranking("model", IntStream.rangeClosed(1, pages).mapToObj((page) -> new RankedPage(page, 1.0 / page))
			.toList(), 1, 100, Duration.ofMillis(250));
	}

	private static LettuceConnectionFactory connect(String url) {
		RedisURI uri = RedisURI.create(url);
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(uri.getHost(), uri.getPort()),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(1)).build());
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	private static StringRedisTemplate template(LettuceConnectionFactory connections) {
		StringRedisTemplate template = new StringRedisTemplate(connections);
		template.afterPropertiesSet();
		return template;
	}

	/** A result's key: its document and a name standing for everything else (a query, models). */
	record Key(DocumentId documentId, String name) implements ResultKey {

		@Override
		public String digest() {
			return ResultKey.digest(this.name);
		}

	}

	/** A computation that counts how often it is started. */
	private static final class Counting implements Supplier<Mono<Ranking>> {

		final AtomicInteger calls = new AtomicInteger();

		private final Ranking result;

		Counting(Ranking result) {
			this.result = result;
		}

		@Override
		public Mono<Ranking> get() {
			return Mono.fromSupplier(() -> {
				this.calls.incrementAndGet();
				return this.result;
			});
		}

	}

}
