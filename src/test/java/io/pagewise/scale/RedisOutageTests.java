package io.pagewise.scale;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.pagewise.TestPdfs;
import io.pagewise.upstream.VultrStub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The results cache is optional: when its Redis goes away mid-run (a real server, stopped), Pagewise keeps
 * answering, computing without the cache, and stays ready.
 */
class RedisOutageTests {

	@RegisterExtension
	static final VultrStub upstream = VultrStub.start();

	@TempDir
	Path temp;

	@Test
	void whenRedisStopsTheServiceKeepsAnsweringWithoutTheCache() throws Exception {
		RedisServer redis = TestRedis.dedicated();
		try (S3TestServer s3 = S3TestServer.start(); PagewiseInstance pagewise = PagewiseInstance.start(properties(s3, redis))) {
			String id = pagewise.upload(TestPdfs.letter(3, "outage " + UUID.randomUUID(), 2));
			JsonNode computed = pagewise.ask(id, "Which page is dark?");
			assertThat(computed.get("cached").asBoolean()).isFalse();
			assertThat(pagewise.ask(id, "Which page is dark?").get("cached").asBoolean()).as("cached in Redis").isTrue();

			redis.close();
			upstream.reset();
			JsonNode withoutCache = pagewise.ask(id, "Which page is dark?");
			assertThat(withoutCache.get("cached").asBoolean()).isFalse();
			assertThat(withoutCache.get("answer").asString()).isEqualTo(computed.get("answer").asString());
			assertThat(pagewise.ask(id, "A question never asked before").get("cached").asBoolean()).isFalse();
			assertThat(pagewise.ask(id, "A question never asked before").get("cached").asBoolean()).isFalse();
			assertThat(upstream.chatRequests()).hasSize(3);
			assertThat(pagewise.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
		}
		finally {
			redis.close();
		}
	}

	private List<String> properties(S3TestServer s3, RedisServer redis) {
		List<String> properties = new ArrayList<>(s3.pagewiseProperties("outage"));
		properties.addAll(List.of("pagewise.cache.type=redis", "spring.data.redis.url=" + redis.url(),
				"pagewise.storage.dir=" + this.temp, "pagewise.inference.base-url=" + upstream.baseUrl() + "/v1/",
				"pagewise.inference.api-key=" + upstream.apiKey(), "pagewise.inference.min-backoff=10ms"));
		return properties;
	}

}
