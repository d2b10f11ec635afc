package io.pagewise.answer;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.pagewise.TestPdfs;
import io.pagewise.scale.PagewiseInstance;
import io.pagewise.scale.S3TestServer;
import io.pagewise.scale.TestRedis;
import io.pagewise.upstream.VultrStub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas sharing Redis and S3: an answer still being computed on one replica when the document is deleted
 * through the other is never cached, so no replica serves it afterwards.
 */
class DeleteIsFinalTests {

	private static final String BUCKET = "documents";

	@RegisterExtension
	static final VultrStub upstream = VultrStub.start();

	@TempDir
	static Path temp;

	private static final String keyPrefix = "pagewise-test-" + UUID.randomUUID() + ":";

	private static S3TestServer s3;

	private static PagewiseInstance a;

	private static PagewiseInstance b;

	@BeforeAll
	static void startReplicas() {
		String redis = TestRedis.sharedUrl();
		s3 = S3TestServer.start();
		a = PagewiseInstance.start(replica("a", redis));
		b = PagewiseInstance.start(replica("b", redis));
	}

	@AfterAll
	static void stopReplicas() throws Exception {
		for (AutoCloseable closeable : new AutoCloseable[] { a, b, s3 }) {
			if (closeable != null) {
				closeable.close();
			}
		}
	}

	private static List<String> replica(String name, String redisUrl) {
		List<String> properties = new ArrayList<>(s3.pagewiseProperties(BUCKET));
		properties.addAll(List.of("pagewise.cache.type=redis", "spring.data.redis.url=" + redisUrl,
				"pagewise.cache.redis.key-prefix=" + keyPrefix, "pagewise.storage.dir=" + temp.resolve(name),
				"pagewise.inference.base-url=" + upstream.baseUrl() + "/v1/",
				"pagewise.inference.api-key=" + upstream.apiKey(), "pagewise.inference.min-backoff=10ms"));
		return properties;
	}

	@Test
	void anAnswerStillComputingOnOneReplicaWhenTheDocumentIsDeletedThroughTheOtherIsNeverServed() throws Exception {
		String id = a.upload(TestPdfs.letter(3, "race " + UUID.randomUUID(), 2));
		upstream.chatLatency(Duration.ofSeconds(2), Duration.ZERO);
		try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
			Future<HttpResponse<String>> asked = pool.submit(() -> b.askResponse(id, "Which page is dark?"));
			// The ranking is cached as the chat call starts, which then takes seconds.
			await().atMost(Duration.ofSeconds(20)).until(() -> !cachedResults(id).isEmpty());

			assertThat(a.delete("/api/v1/documents/" + id)).isEqualTo(204);
			assertThat(cachedResults(id)).as("the ranking cached before the delete is gone").isEmpty();
			HttpResponse<String> racing = asked.get(30, TimeUnit.SECONDS);
			System.out.printf("%nThe question racing the delete ended %d%n", racing.statusCode());
		}

		assertThat(cachedResults(id)).as("nothing computed before the delete was stored after it").isEmpty();
		for (PagewiseInstance replica : List.of(a, b)) {
			assertThat(replica.askResponse(id, "Which page is dark?").statusCode()).isEqualTo(404);
		}
		assertThat(upstream.chatRequests()).as("no answer was computed after the delete").hasSize(1);
	}

	@Test
	void aQuestionAskedAfterTheDeleteNeverJoinsAComputationStillRunningOnAnotherReplica() throws Exception {
		String id = a.upload(TestPdfs.letter(3, "join " + UUID.randomUUID(), 2));
		upstream.chatLatency(Duration.ofSeconds(4), Duration.ZERO);
		try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
			Future<HttpResponse<String>> asked = pool.submit(() -> b.askResponse(id, "Which page is dark?"));
			await().atMost(Duration.ofSeconds(20)).until(() -> !cachedResults(id).isEmpty());

			assertThat(a.delete("/api/v1/documents/" + id)).isEqualTo(204);
			HttpResponse<String> after = b.askResponse(id, "Which page is dark?");

			assertThat(after.statusCode()).as(after.body()).isEqualTo(404);
			asked.get(30, TimeUnit.SECONDS);
		}
		assertThat(cachedResults(id)).isEmpty();
	}

	/** The rankings and answers cached for the document (not the locks of computations under way). */
	private static Set<String> cachedResults(String id) {
		StringRedisTemplate redis = a.context().getBean(StringRedisTemplate.class);
		Set<String> keys = new HashSet<>(redis.keys(keyPrefix + "{" + id + "}:rankings:*"));
		keys.addAll(redis.keys(keyPrefix + "{" + id + "}:answers:*"));
		return keys;
	}

}
